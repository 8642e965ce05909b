using System.Net;
using Modular.Plugins.Sdk;

namespace Modular.Tests.Library;

/// <summary>Connector icons are SVG pictures from the plugin, served to the console's img elements.</summary>
public sealed class ConnectorIconTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private sealed class IconConnector(string icon) : ConnectorDefinition
    {
        public override void Define(IConnectorBuilder connector) => connector.Id("icon-test").DisplayName("Icon test").Icon(icon);
    }

    [Fact]
    public async Task Each_template_names_its_connectors_icon_which_is_served_as_a_sandboxed_svg()
    {
        var template = await (await platform.Client.GetAsync("/api/library/templates/rest.send-to-webhook", Cancel)).ReadJsonAsync();
        var url = template.GetProperty("connector").GetProperty("iconUrl").GetString()!;
        url.ShouldStartWith("/api/connectors/rest/icon?v=");

        var icon = await platform.Client.GetAsync(url, Cancel);

        icon.StatusCode.ShouldBe(HttpStatusCode.OK);
        icon.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        icon.Headers.GetValues("Content-Security-Policy").Single().ShouldBe("sandbox");
        icon.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        icon.Headers.CacheControl!.MaxAge.ShouldBe(TimeSpan.FromDays(1));
        (await icon.Content.ReadAsStringAsync(Cancel)).ShouldStartWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        await (await platform.Client.GetAsync("/api/connectors/nope/icon", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_accounts_form_names_the_same_icons()
    {
        var connectors = await (await platform.Client.GetAsync("/api/accounts/connectors", Cancel)).ReadJsonAsync();

        foreach (var connector in connectors.EnumerateArray())
            connector.GetProperty("iconUrl").GetString().ShouldStartWith($"/api/connectors/{connector.GetProperty("id").GetString()}/icon?v=");
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><circle cx=\"12\" cy=\"12\" r=\"10\" fill=\"#2563eb\"/></svg>", null)]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "<script> is not allowed")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", "onload is not allowed")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"javascript:alert(1)\"><circle r=\"1\"/></a></svg>", "href is not allowed")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject></svg>", "<foreignObject> is not allowed")]
    [InlineData("<!DOCTYPE svg [<!ENTITY a \"aaaa\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&a;</svg>", "not well-formed SVG")]
    [InlineData("<svg><circle r=\"1\"/></svg>", "must be an <svg> element")]
    [InlineData("<html xmlns=\"http://www.w3.org/1999/xhtml\"/>", "must be an <svg> element")]
    [InlineData("🔌", "not well-formed SVG")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\">", "not well-formed SVG")]
    public void An_icon_is_a_picture_in_svg_or_the_plugin_is_refused_with_the_reason(string icon, string? problem)
    {
        if (problem is null)
        {
            ConnectorIcon.Problem(icon).ShouldBeNull();
            new IconConnector(icon).Build().Icon.ShouldBe(icon);
            return;
        }

        ConnectorIcon.Problem(icon)!.ShouldContain(problem);
        Should.Throw<InvalidConnectorException>(() => new IconConnector(icon).Build()).Message.ShouldContain(problem);
    }

    [Fact]
    public void An_icon_over_16_kb_is_refused()
    {
        var icon = "<svg xmlns=\"http://www.w3.org/2000/svg\">" + new string(' ', ConnectorIcon.MaxLength) + "</svg>";

        ConnectorIcon.Problem(icon)!.ShouldContain("at most 16384");
    }
}
