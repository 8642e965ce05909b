using System.Net;
using Modular.BuildingBlocks.Egress;

namespace Modular.Tests.Egress;

/// <summary>
/// The policy's decision on the resolved address, made before any connection: a test resolver
/// answers inward addresses for a test host name, and no connection to them is ever opened.
/// </summary>
public sealed class EgressPolicyTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("127.0.0.1", "a loopback")]
    [InlineData("127.1.2.3", "a loopback")]
    [InlineData("::1", "a loopback")]
    [InlineData("::ffff:127.0.0.1", "a loopback")]
    [InlineData("10.0.0.5", "a private")]
    [InlineData("172.20.1.1", "a private")]
    [InlineData("192.168.1.1", "a private")]
    [InlineData("169.254.10.10", "a link-local")]
    [InlineData("fe80::1", "a link-local")]
    [InlineData("169.254.169.254", "a cloud metadata")]
    [InlineData("fd00:ec2::254", "a cloud metadata")]
    [InlineData("100.100.100.200", "a cloud metadata")]
    [InlineData("fd12:3456::1", "a unique-local")]
    [InlineData("0.0.0.0", "an unspecified")]
    [InlineData("::", "an unspecified")]
    [InlineData("100.64.0.1", "a shared (carrier-grade NAT)")]
    [InlineData("224.0.0.1", "a multicast")]
    [InlineData("64:ff9b::a00:1", "a private")]
    [InlineData("2002:a00:1::", "a private")]
    public async Task A_name_that_resolves_to_an_inward_address_is_refused_before_connecting(string address, string range)
    {
        var resolved = new List<string>();
        using var client = Client(new EgressOptions(), (host, _) =>
        {
            resolved.Add(host);
            return Task.FromResult(new[] { IPAddress.Parse(address) });
        });

        var error = await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync("http://partner.test/api", Cancel));

        resolved.ShouldBe(["partner.test"]);
        var refusal = error.InnerException.ShouldBeOfType<EgressRefusedException>();
        refusal.Message.ShouldBe($"Blocked by the egress policy: {IPAddress.Parse(address).ToString().Replace("::ffff:", "")} is {range} address");
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::1111")]
    [InlineData("172.32.0.1")]
    public void A_public_address_is_allowed(string address) =>
        new EgressPolicy(new EgressOptions()).Refusal("partner.test", IPAddress.Parse(address), 443).ShouldBeNull();

    [Theory]
    [InlineData("127.0.0.1:5123", "127.0.0.1", 5123, true)]
    [InlineData("127.0.0.1:5123", "127.0.0.1", 5124, false)]
    [InlineData("10.0.0.0/8", "10.200.0.1", 80, true)]
    [InlineData("10.0.0.0/8", "192.168.0.1", 80, false)]
    [InlineData("192.168.1.7", "192.168.1.7", 8080, true)]
    [InlineData("[::1]:9000", "::1", 9000, true)]
    [InlineData("partner.test:8443", "10.1.1.1", 8443, true)]
    [InlineData("partner.test:8443", "10.1.1.1", 443, false)]
    public void The_allow_list_lets_through_exactly_what_it_names(string entry, string address, int port, bool allowed) =>
        (new EgressPolicy(new EgressOptions { Allow = [entry] }).Refusal("partner.test", IPAddress.Parse(address), port) is null).ShouldBe(allowed);

    [Fact]
    public void A_malformed_allow_entry_stops_the_host_at_start() =>
        Should.Throw<FormatException>(() => new EgressPolicy(new EgressOptions { Allow = ["not an address"] }));

    [Theory]
    [InlineData("Host", "evil.test")]
    [InlineData("Transfer-Encoding", "chunked")]
    [InlineData("Connection", "close")]
    public async Task A_caller_cannot_set_Host_or_hop_by_hop_headers(string header, string value)
    {
        using var client = Client(new EgressOptions(), (_, _) => throw new InvalidOperationException("Nothing may be resolved."));
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://partner.test/");
        request.Headers.TryAddWithoutValidation(header, value);

        var error = await Should.ThrowAsync<EgressRefusedException>(() => client.SendAsync(request, Cancel));

        error.Message.ShouldContain(header);
    }

    private static HttpClient Client(EgressOptions options, EgressHandler.Resolver resolver) =>
        new(new OutboundRequestHygiene(options) { InnerHandler = EgressHandler.Create(new EgressPolicy(options), resolver) });
}
