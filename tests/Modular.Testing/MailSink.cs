using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Modular.Testing;

/// <summary>
/// A real SMTP server on loopback that keeps what it receives, for a host configured to email
/// through it (<see cref="Settings"/>). It asks for the user name and password it was given.
/// </summary>
public sealed class MailSink : IAsyncDisposable
{
    public const string UserName = "modular-tests";
    public const string Password = "smtp password for tests";

    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    public int Port { get; private set; }

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Identity:Smtp:Host"] = "127.0.0.1",
        ["Identity:Smtp:Port"] = Port.ToString(),
        ["Identity:Smtp:Security"] = "none",
        ["Identity:Smtp:UserName"] = UserName,
        ["Identity:Smtp:Password"] = Password,
        ["Identity:Smtp:From"] = "Modular <modular@tests.example>",
    };

    public static async Task<MailSink> StartAsync()
    {
        var sink = new MailSink();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)).AuthenticationRequired().AllowUnsecureAuthentication())
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(sink._received));
        services.Add(new Authenticator());
        services.Add(listeners);
        sink._running = new SmtpServer.SmtpServer(options, services).StartAsync(sink._stopping.Token);
        sink.Port = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return sink;
    }

    /// <summary>The first message received to <paramref name="to"/>, waiting up to 15 seconds for it.</summary>
    public async Task<MimeMessage> WaitForMailToAsync(string to, CancellationToken cancellationToken)
    {
        for (var waited = 0; waited < 150; waited++)
        {
            if (MailTo(to) is { } message) return message;
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"No mail to {to} arrived.");
    }

    public MimeMessage? MailTo(string to) =>
        _received.FirstOrDefault(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, to, StringComparison.OrdinalIgnoreCase)));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stopping.Dispose();
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Authenticator : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken) =>
            Task.FromResult(user == UserName && password == Password);
    }
}
