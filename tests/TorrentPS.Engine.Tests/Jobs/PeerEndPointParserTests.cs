using System.Net;
using TorrentPS.Jobs;

namespace TorrentPS.Engine.Tests.Jobs;

public class PeerEndPointParserTests
{
    [Theory]
    [InlineData("127.0.0.1:6881", "127.0.0.1", 6881)]
    [InlineData(" 10.0.0.2:1 ", "10.0.0.2", 1)]
    [InlineData("[::1]:51413", "::1", 51413)]
    [InlineData("[2001:db8::7]:65535", "2001:db8::7", 65535)]
    public void Reads_address_literals_without_resolving(string text, string address, int port)
    {
        IPEndPoint endPoint = PeerEndPointParser.Parse(text, _ => throw new InvalidOperationException("no lookup for a literal"));

        Assert.Equal(IPAddress.Parse(address), endPoint.Address);
        Assert.Equal(port, endPoint.Port);
    }

    [Fact]
    public void Looks_host_names_up_and_prefers_IPv4()
    {
        string? asked = null;
        IPEndPoint endPoint = PeerEndPointParser.Parse("seed.example:6881", name =>
        {
            asked = name;
            return [IPAddress.Parse("2001:db8::1"), IPAddress.Parse("192.0.2.4")];
        });

        Assert.Equal("seed.example", asked);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.4"), 6881), endPoint);
    }

    [Fact]
    public void Resolves_localhost_with_the_system_resolver()
    {
        IPEndPoint endPoint = PeerEndPointParser.Parse("localhost:7000");

        Assert.True(IPAddress.IsLoopback(endPoint.Address), endPoint.ToString());
        Assert.Equal(7000, endPoint.Port);
    }

    [Fact]
    public void A_name_without_addresses_is_a_format_error_that_names_it()
    {
        var error = Assert.Throws<FormatException>(() => PeerEndPointParser.Parse("nowhere.example:80", _ => []));

        Assert.Contains("nowhere.example:80", error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1", "port is missing")]
    [InlineData("127.0.0.1:", "port '' is not a number")]
    [InlineData("127.0.0.1:0", "port '0'")]
    [InlineData("127.0.0.1:65536", "port '65536'")]
    [InlineData("127.0.0.1:-5", "port '-5'")]
    [InlineData("127.0.0.1:+5", "port '+5'")]
    [InlineData("::1:6881", "needs brackets")]
    [InlineData("[::1]6881", "in brackets followed by the port")]
    [InlineData("[::1", "in brackets followed by the port")]
    [InlineData("[127.0.0.1]:80", "is not an IPv6 address")]
    [InlineData(":6881", "host is missing")]
    [InlineData("my host:6881", "host is missing or not a valid name")]
    public void Bad_text_is_a_format_error_that_quotes_it_and_says_why(string text, string why)
    {
        var error = Assert.Throws<FormatException>(() => PeerEndPointParser.Parse(text, _ => throw new InvalidOperationException("never resolved")));

        Assert.Contains($"'{text}'", error.Message);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void Split_keeps_the_host_as_written()
    {
        Assert.Equal(("Seed.Example", 80), PeerEndPointParser.Split("Seed.Example:80"));
        Assert.Equal(("fe80::1", 80), PeerEndPointParser.Split("[fe80::1]:80"));
    }
}
