using System.Net;
using System.Net.Sockets;

namespace Modular.BuildingBlocks.Egress;

/// <summary>
/// The HTTP handler every outbound call goes through: it resolves the host itself, asks the
/// <see cref="EgressPolicy"/> about each address and connects only to an allowed one (the address it
/// checked, so a name cannot resolve differently between the check and the connection). No proxy is
/// used; redirects open new connections, which are checked again.
/// </summary>
public static class EgressHandler
{
    public delegate Task<IPAddress[]> Resolver(string host, CancellationToken cancellationToken);

    public static readonly Resolver Dns = (host, cancellationToken) => System.Net.Dns.GetHostAddressesAsync(host, cancellationToken);

    public static SocketsHttpHandler Create(EgressPolicy policy, Resolver? resolver = null)
    {
        resolver ??= Dns;
        return new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
                var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await resolver(host, cancellationToken);
                string? refusal = null;
                foreach (var address in addresses)
                {
                    refusal = policy.Refusal(host, address, port);
                    if (refusal is not null) continue;
                    var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                }
                throw new EgressRefusedException(refusal ?? $"Blocked by the egress policy: {host} resolves to no address.");
            },
        };
    }
}

/// <summary>
/// What a caller may not do to an outbound request: set <c>Host</c> or hop-by-hop headers (they
/// would steer the request past the policy or smuggle another); and how much of the answer is read:
/// at most <see cref="EgressOptions.MaxResponseBytes"/>, streamed, with a clear error beyond.
/// </summary>
public sealed class OutboundRequestHygiene(EgressOptions options) : DelegatingHandler
{
    private static readonly string[] Forbidden =
        ["Host", "Connection", "Keep-Alive", "Proxy-Authorization", "Proxy-Authenticate", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade"];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var name in Forbidden)
            // NonValidated: asking the content headers for a request header such as Host throws instead of answering.
            if (request.Headers.NonValidated.Contains(name) || request.Content?.Headers.NonValidated.Contains(name) == true)
                throw new EgressRefusedException($"The {name} header cannot be set on an outbound request.");
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Content.Headers.ContentLength > options.MaxResponseBytes)
        {
            response.Dispose();
            throw new ResponseTooLargeException(options.MaxResponseBytes);
        }
        response.Content = new LimitedContent(response.Content, options.MaxResponseBytes);
        return response;
    }

    /// <summary>The answer's body, refused once it passes the limit while it is read.</summary>
    private sealed class LimitedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly long _limit;

        public LimitedContent(HttpContent inner, long limit)
        {
            (_inner, _limit) = (inner, limit);
            foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await using var source = await _inner.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > _limit) throw new ResponseTooLargeException(_limit);
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
