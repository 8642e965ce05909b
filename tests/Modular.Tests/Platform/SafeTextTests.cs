using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Tests.Platform;

public sealed class SafeTextTests
{
    [Theory]
    [InlineData("""{"a": "x\u0000y"}""", """{"a": "x\ufffdy"}""")]
    [InlineData("""{"a": "\ud800"}""", """{"a": "\ufffd"}""")]
    [InlineData("""{"a": "\udc00\ud800"}""", """{"a": "\ufffd\ufffd"}""")]
    [InlineData("""{"a": "\ud83d\ude00"}""", """{"a": "\ud83d\ude00"}""")]
    [InlineData("""{"a": "\\u0000 is text"}""", """{"a": "\\u0000 is text"}""")]
    [InlineData("""{"a": "\ud800\n"}""", """{"a": "\ufffd\n"}""")]
    [InlineData("""{"\u0000": 1}""", """{"\ufffd": 1}""")]
    public void Escapes_the_database_cannot_store_are_mended_and_the_rest_kept(string json, string expected)
    {
        SafeText.CleanJsonEscapes(json).ShouldBe(expected);
        JsonNode.Parse(SafeText.CleanJsonEscapes(json)).ShouldNotBeNull();
    }

    [Fact]
    public void Text_is_cut_and_made_storable()
    {
        SafeText.Clean("a\0b\ud800c\ud83d\ude00").ShouldBe("a\uFFFDb\uFFFDc\ud83d\ude00");
        SafeText.Clean("abcdef", 3).ShouldStartWith("abc… (3 more characters cut)");
    }
}
