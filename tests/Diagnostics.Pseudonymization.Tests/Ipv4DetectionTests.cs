namespace Diagnostics.Pseudonymization.Tests;

public sealed class Ipv4DetectionTests
{
    [Theory]
    [InlineData("client 203.0.113.7 connected", "203.0.113.7")]
    [InlineData("conversion 203.0.113.7 subversion=203.0.113.8 version. 203.0.113.9", "203.0.113.7", "203.0.113.8", "203.0.113.9")]
    [InlineData("83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 5", "83.149.9.216")]
    [InlineData("[client 198.51.100.23:51234] denied", "198.51.100.23")]
    [InlineData("remote_addr=10.0.0.1, upstream=(10.0.0.2)", "10.0.0.1", "10.0.0.2")]
    [InlineData("\"GET /x HTTP/1.1\" 200 5 \"http://10.1.2.3:8080/admin\" \"curl/7.29.0\"", "10.1.2.3")]
    [InlineData("fetched //192.0.2.10/share", "192.0.2.10")]
    [InlineData("{\"url\":\"http:\\/\\/192.0.2.11\\/x\"}", "192.0.2.11")]
    [InlineData("java.net.ConnectException: /192.0.2.12:5432", "192.0.2.12")]
    [InlineData("{\"msg\":\"first line\\n192.0.2.13 second\"}", "192.0.2.13")]
    [InlineData("came from 192.0.2.14.", "192.0.2.14")]
    [InlineData("range 192.0.2.1-192.0.2.254", "192.0.2.1", "192.0.2.254")]
    [InlineData("X-Forwarded-For: 203.0.113.9, 0.0.0.0, 255.255.255.255", "203.0.113.9", "0.0.0.0", "255.255.255.255")]
    [InlineData("client:203.0.113.7 src:10.0.0.1 port1:10.0.0.2", "203.0.113.7", "10.0.0.1", "10.0.0.2")]
    [InlineData("x-forwarded-for:198.51.100.4,peer:198.51.100.5", "198.51.100.4", "198.51.100.5")]
    [InlineData("081109 203807 222 INFO dfs.DataNode$PacketResponder: Received block blk_-6952295868487656571 of size 67108864 from /10.251.42.84", "10.251.42.84")]
    [InlineData("\"GET /ip/198.51.100.7 HTTP/1.1\" 200 5", "198.51.100.7")]
    [InlineData("\"GET /198.51.100.8 HTTP/1.1\" 404 0", "198.51.100.8")]
    [InlineData("GET /api/v1/hosts/198.51.100.9/status and http://example.com/whois/198.51.100.10", "198.51.100.9", "198.51.100.10")]
    [InlineData("{\"path\":\"\\/hosts\\/198.51.100.11\\/status\"}", "198.51.100.11")]
    [InlineData("java.net.NoRouteToHostException: No Route to Host from  MININT-FNANLI5/198.51.100.12 to msra-sa-41:9000", "198.51.100.12")]
    [InlineData("Connected to node1.example.com/198.51.100.13 after 3 tries", "198.51.100.13")]
    [InlineData("Connection refused: localhost/127.0.0.1 and NODE7.CORP.example.net/198.51.100.14", "127.0.0.1", "198.51.100.14")]
    [InlineData("ip/198.51.100.15 is down; host/198.51.100.16, peer/198.51.100.17, Client/198.51.100.18", "198.51.100.15", "198.51.100.16", "198.51.100.17", "198.51.100.18")]
    [InlineData("db:198.51.100.19 cafe:198.51.100.20 12:198.51.100.21 decade:198.51.100.22", "198.51.100.19", "198.51.100.20", "198.51.100.21", "198.51.100.22")]
    [InlineData("{\"db\":\"a:198.51.100.23\"}", "198.51.100.23")]
    [InlineData("db.corp.internal/198.51.100.24 and x.fr/198.51.100.25", "198.51.100.24", "198.51.100.25")]
    [InlineData("STARTUP_MSG:   host = namenode/10.0.0.5; peer kafka1/192.168.1.20, node/172.20.0.3 and cgnat/100.64.1.1", "10.0.0.5", "192.168.1.20", "172.20.0.3", "100.64.1.1")]
    [InlineData("an IPv6 literal's tail is no key's address: 64:ff9b::192.0.2.33 and ::ffff:10.0.0.5", "64:ff9b::192.0.2.33", "::ffff:10.0.0.5")]
    [InlineData("GET /?ips=203.0.113.5%2C198.51.100.26&xff=198.51.100.27%2c%20198.51.100.28&a=%2012.1.2.3 HTTP/1.1", "203.0.113.5", "198.51.100.26", "198.51.100.27", "198.51.100.28", "12.1.2.3")]
    [InlineData("v6 :: ips=203.0.113.5%2C198.51.100.26&xff=%20198.51.100.28", "203.0.113.5", "198.51.100.26", "198.51.100.28")]
    [InlineData("10:00:00.123456 IP 203.0.113.5.443 > 198.51.100.7.51234: Flags [S], seq 1", "203.0.113.5", "198.51.100.7")]
    public void AddressesArePseudonymized(string line, params string[] addresses)
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine(line, pseudonymizer);

        string expected = line;
        foreach (string address in addresses)
        {
            // With its port, an address's pseudonym is bracketed, as an IPv6 address is written with one.
            expected = System.Text.RegularExpressions.Regex.Replace(expected, System.Text.RegularExpressions.Regex.Escape(address) + @"(?=:\d)", $"[{pseudonymizer.PseudonymFor(address)}]");
            expected = expected.Replace(address, pseudonymizer.PseudonymFor(address), StringComparison.Ordinal);
            Assert.DoesNotContain(address, output, StringComparison.Ordinal);
        }

        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36")]
    [InlineData("Mozilla/5.0 (Windows NT 6.1; WOW64; rv:1.8.1.3) Gecko/20070309 Firefox/2.0.0.14")]
    [InlineData("Mozilla/5.0 (Windows; U; Windows NT 5.1) AppleWebKit/525.19 Chrome/1.0.154.53 Safari/525.19")]
    [InlineData("Thunderbird/2.0.0.24 Lightning/0.9")]
    [InlineData("release 1.2.3, semver 10.4.22-beta.1")]
    [InlineData("pi is 3.14.15.92.65 and 1.2.3.4.5 is five numbers")]
    [InlineData("version1.2.3.4 and v1.2.3.4_b and 1.2.3.4a")]
    [InlineData("256.1.1.1 and 1.2.3.1000 and 01.002.3")]
    [InlineData("[17/May/2015:10:05:03 +0000] took 10:05:03.123")]
    [InlineData(".NET CLR 2.0.50727; .NET CLR 3.5.30729; MSIE 7.0; Android 4.4.2")]
    [InlineData("version:1.2.3.4 ver:2.0.0.1 v:3.1.4.1 RV:1.9.0.1")]
    [InlineData("curl/7.22.0 (x86_64-pc-linux-gnu) libcurl/7.22.0 OpenSSL/1.0.1 zlib/1.2.3.4 libidn/1.23")]
    [InlineData("{\"ua\":\"Mozilla\\/5.0 Gecko\\/20070309 Firefox\\/2.0.0.14\"}")]
    [InlineData("Nokia6300/2.0 (05.00) Profile/MIDP-2.0 Configuration/CLDC-1.1 UP.Browser/6.2.3.3.c.1.101 (GUI) MMP/2.0")]
    [InlineData("SAMSUNG-SGH-E250/1.0 Profile/MIDP-2.0 Configuration/CLDC-1.1 UP.Browser/6.2.3.3.c.1.101 and UP.Browser/6.2.0.5 com.example.App/1.2.3.4")]
    [InlineData("Android apps: com.whatsapp/2.23.1.76 (Linux; Android 11) and com.example.app/1.2.3.4")]
    [InlineData("GET /?q=x%2C1.2.3.4.5&v=%2Cv1.2.3.4&w=%zz1.2.3.4&n=%2C256.1.1.1 HTTP/1.1")]
    [InlineData("IP 1.2.3.4.5.6 > x; IP 1.2.3.4.123456 > y; v 1.2.3.4.5 > z; IP 1.2.3.4.5 then")]
    public void VersionsTimesAndNumbersAreLeftAlone(string line) =>
        Assert.Equal(line, TestKeys.ScrubLine(line));

    [Theory]
    [InlineData("client:203.0.113.7")]
    [InlineData("{\"msg\":\"from src:10.0.0.1\"}")]
    [InlineData("of size 67108864 from /10.251.42.84")]
    [InlineData("GET /ip/10.0.0.5 HTTP/1.1")]
    [InlineData("No Route to Host from  MININT-FNANLI5/127.0.0.1 to msra-sa-41:9000")]
    [InlineData("{\"path\":\"\\/hosts\\/10.0.0.5\"}")]
    [InlineData("Connected to node1.example.com/10.0.0.5")]
    [InlineData("localhost/127.0.0.1")]
    [InlineData("ip/10.0.0.5 is down")]
    [InlineData("db:10.0.0.5 unreachable")]
    [InlineData("cafe:10.0.0.5")]
    [InlineData("db:2001:db8:4::1:2 and db:10.0.0.5")]
    [InlineData("STARTUP_MSG:   host = namenode/10.0.0.5")]
    [InlineData("GET /?ips=2001:db8:4::1%2C198.51.100.26 HTTP/1.1")]
    [InlineData("GET /?xff=%20198.51.100.28 HTTP/1.1")]
    [InlineData("IP 2001:db8:4::1.443 > 198.51.100.7.51234: Flags [S]")]
    public void TheGateBlocksARawAddressAfterAColonOrInAPath(string line) =>
        Assert.Equal(IdentifierKind.Ipv4, VerificationGate.Check(System.Text.Encoding.UTF8.GetBytes(line)));

    [Fact]
    public void AnAddressAfterAProductTokenIsTakenOnlyWithAPort()
    {
        // "Name/1.2.3.4" is how user agents write versions; Java writes "host/1.2.3.4:port".
        Assert.Equal("Firefox/2.0.0.14", TestKeys.ScrubLine("Firefox/2.0.0.14"));
        Assert.Equal(IdentifierKind.None, VerificationGate.Check("zlib/1.2.3.4 Firefox/2.0.0.14"u8));
        Assert.DoesNotContain("10.0.0.7", TestKeys.ScrubLine("db.internal/10.0.0.7:5432"), StringComparison.Ordinal);
    }

    [Fact]
    public void ClientIpIsPseudonymizedConsistentlyAcrossLines()
    {
        var result = TestKeys.Scrub(
            "203.0.113.7 - - first\n198.51.100.1 - - second\n203.0.113.7 - - third\n", out string output);

        string[] lines = output.Split('\n');
        string first = lines[0].Split(' ')[0];
        Assert.Equal(first, lines[2].Split(' ')[0]);
        Assert.NotEqual(first, lines[1].Split(' ')[0]);
        Assert.Equal(3, result.Report.Pseudonymized[DetectorNames.Ipv4]);
    }
}
