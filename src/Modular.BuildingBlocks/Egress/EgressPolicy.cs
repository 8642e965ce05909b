using System.Net;
using System.Net.Sockets;

namespace Modular.BuildingBlocks.Egress;

/// <summary>
/// Which addresses outbound calls (connectors, scripts, token endpoints) may reach. Decided on the
/// resolved address at connect time, so every spelling of an address (<c>0x7f.0.0.1</c>,
/// <c>2130706433</c>, <c>127.1</c>), a DNS name that resolves inward and every redirect hop are judged
/// alike. Loopback, link-local, private, unique-local, metadata and other special ranges are refused
/// unless <c>Egress:Allow</c> lists them (an address, a CIDR range, or host:port).
/// </summary>
public sealed class EgressPolicy
{
    private readonly List<AllowEntry> _allowed;

    public EgressPolicy(EgressOptions options) => _allowed = [.. options.Allow.Select(AllowEntry.Parse)];

    /// <summary>Null when the address may be reached for this host name and port, else why not.</summary>
    public string? Refusal(string host, IPAddress address, int port)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (_allowed.Any(entry => entry.Allows(host, address, port))) return null;
        return Range(address) is { } range ? $"Blocked by the egress policy: {address} is {range} address" : null;
    }

    /// <summary>The special range an address belongs to ("a loopback"), or null for a public address.</summary>
    public static string? Range(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b switch
            {
                [127, ..] => "a loopback",
                [169, 254, 169, 254] => "a cloud metadata",
                [100, 100, 100, 200] => "a cloud metadata",
                [169, 254, ..] => "a link-local",
                [10, ..] => "a private",
                [172, >= 16 and <= 31, ..] => "a private",
                [192, 168, ..] => "a private",
                [100, >= 64 and <= 127, ..] => "a shared (carrier-grade NAT)",
                [0, ..] => "an unspecified",
                [192, 0, 0, _] => "a reserved",
                [198, 18 or 19, ..] => "a reserved",
                [>= 224 and <= 239, ..] => "a multicast",
                [>= 240, ..] => "a reserved",
                _ => null,
            };
        }
        if (IPAddress.IsLoopback(address)) return "a loopback";
        if (address.Equals(IPAddress.IPv6Any)) return "an unspecified";
        var bytes = address.GetAddressBytes();
        if (bytes is [0xfd, 0x00, 0x0e, 0xc2, ..] && bytes[14] == 0x02 && bytes[15] == 0x54 && bytes[4..14].All(x => x == 0)) return "a cloud metadata";
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal) return "a link-local";
        if ((bytes[0] & 0xfe) == 0xfc) return "a unique-local";
        if (address.IsIPv6Multicast) return "a multicast";
        // IPv4 addresses carried in IPv6 (IPv4-compatible, NAT64, 6to4) are judged as the IPv4 address they carry.
        if (bytes[..12].All(x => x == 0)) return Range(new IPAddress(bytes[12..])) ?? "a reserved";
        if (bytes is [0x00, 0x64, 0xff, 0x9b, ..]) return Range(new IPAddress(bytes[12..]));
        if (bytes is [0x20, 0x02, ..]) return Range(new IPAddress(bytes[2..6]));
        return null;
    }

    private sealed record AllowEntry(IPAddress? Network, int PrefixLength, string? Host, int? Port)
    {
        public bool Allows(string host, IPAddress address, int port)
        {
            if (Port is { } only && only != port) return false;
            if (Host is not null) return string.Equals(Host, host, StringComparison.OrdinalIgnoreCase);
            return Network is not null && Network.AddressFamily == address.AddressFamily && InNetwork(address);
        }

        private bool InNetwork(IPAddress address)
        {
            var (network, candidate) = (Network!.GetAddressBytes(), address.GetAddressBytes());
            var bits = PrefixLength;
            for (var i = 0; i < network.Length && bits > 0; i++, bits -= 8)
            {
                var mask = bits >= 8 ? 0xff : 0xff << (8 - bits) & 0xff;
                if ((network[i] & mask) != (candidate[i] & mask)) return false;
            }
            return true;
        }

        /// <summary>"10.0.0.0/8", "127.0.0.1", "127.0.0.1:5123", "[::1]:5123", "localhost:5123".</summary>
        public static AllowEntry Parse(string entry)
        {
            entry = entry.Trim();
            if (entry.Contains('/'))
            {
                var (address, prefix) = (entry[..entry.IndexOf('/')], entry[(entry.IndexOf('/') + 1)..]);
                if (IPAddress.TryParse(address, out var network) && int.TryParse(prefix, out var length)
                    && length >= 0 && length <= (network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
                    return new AllowEntry(network, length, null, null);
                throw new FormatException($"Egress:Allow entry '{entry}' is not a valid CIDR range.");
            }
            if (IPAddress.TryParse(entry, out var single) && !entry.StartsWith('['))
                return new AllowEntry(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128, null, null);
            var colon = entry.LastIndexOf(':');
            if (colon > 0 && int.TryParse(entry[(colon + 1)..], out var port) && port is > 0 and <= 65535)
            {
                var host = entry[..colon].Trim('[', ']');
                return IPAddress.TryParse(host, out var address)
                    ? new AllowEntry(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128, null, port)
                    : new AllowEntry(null, 0, host, port);
            }
            throw new FormatException($"Egress:Allow entry '{entry}' is not an address, a CIDR range or host:port.");
        }
    }
}

/// <summary>The configuration section <c>Egress</c>: <c>Egress__Allow__0=127.0.0.1:5123</c>, ...</summary>
public sealed class EgressOptions
{
    public List<string> Allow { get; set; } = [];
    /// <summary>The largest connector response read, in bytes (10 MB unless configured).</summary>
    public long MaxResponseBytes { get; set; } = 10 * 1024 * 1024;
}

/// <summary>An outbound call the platform refused to make or to finish; its message is the reason shown to the user.</summary>
public class EgressException(string message) : Exception(message);

public sealed class EgressRefusedException(string message) : EgressException(message);

public sealed class ResponseTooLargeException(long limit)
    : EgressException($"The response is larger than the {limit / (1024 * 1024)} MB a connector may read.");
