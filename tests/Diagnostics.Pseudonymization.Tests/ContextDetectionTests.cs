using System.Text.Json;
using System.Text.RegularExpressions;

namespace Diagnostics.Pseudonymization.Tests;

public sealed partial class ContextDetectionTests
{
    [Theory]
    [InlineData("Jan 12 10:00:01 srv sshd[812]: Invalid user alice from 203.0.113.9 port 51122", "alice")]
    [InlineData("Jan 12 10:00:02 srv sshd[812]: Failed password for invalid user bob from 203.0.113.9 port 51122 ssh2", "bob")]
    [InlineData("Jan 12 10:00:03 srv sshd[812]: Failed password for carol from 203.0.113.9 port 51122 ssh2", "carol")]
    [InlineData("Jan 12 10:00:04 srv sshd[812]: Accepted publickey for dave.smith from 2001:db8::7 port 22 ssh2: ED25519 SHA256:abc", "dave.smith")]
    [InlineData("Jan 12 10:00:05 srv sshd[812]: pam_unix(sshd:session): session opened for user erin(uid=1001) by (uid=0)", "erin")]
    [InlineData("Jan 12 10:00:06 srv sshd[812]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=frank", "frank")]
    [InlineData("Jan 12 10:00:07 srv sudo: pam_unix(sudo:session): session opened for user root(uid=0) by grace(uid=1000)", "grace")]
    [InlineData("Jan 12 10:00:08 srv sshd[812]: Disconnected from invalid user heidi 203.0.113.9 port 4242 [preauth]", "heidi")]
    [InlineData("{\"level\":\"info\",\"username\":\"ivan\",\"n\":3}", "ivan")]
    [InlineData("Parameters: {\"user\"=>{\"name\"=>\"edda\", \"id\"=>42}}", "edda")]
    [InlineData("GET /login?user=judy&next=%2F HTTP/1.1", "judy")]
    [InlineData("2024-01-05T10:00:00Z 12 [Note] Access denied for user 'kevin'@'10.1.2.3' (using password: YES)", "kevin")]
    [InlineData("Jan  5 10:00:00 host systemd-logind[1]: New session 5 of user liam.", "liam")]
    [InlineData("Jan  5 10:00:00 host sshd[1]: Connection closed by authenticating user mia 203.0.113.13 port 22 [preauth]", "mia")]
    [InlineData("postfix/smtpd[1]: 4F2A1: client=unknown[203.0.113.7], sasl_method=PLAIN, sasl_username=noah", "noah")]
    [InlineData("Dec 10 10:09:58 LabSZ sshd[24966]: Disconnecting: Too many authentication failures for oscar [preauth]", "oscar")]
    [InlineData("Dec 10 10:09:58 host sshd[5]: error: PAM: Authentication failure for pat from 203.0.113.9", "pat")]
    [InlineData("Dec 10 10:09:58 host sshd[5]: error: maximum authentication attempts exceeded for quinn from 203.0.113.9 port 22 ssh2 [preauth]", "quinn")]
    [InlineData("Dec 10 10:09:58 LabSZ sshd[24966]: User rita from 203.0.113.9 not allowed because not listed in AllowUsers", "rita")]
    [InlineData("Dec 10 10:09:58 host sshd[5]: User sam not allowed because account is locked", "sam")]
    [InlineData("Dec 10 10:09:58 host sudo:    tina : TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/bin/ls", "tina")]
    [InlineData("Dec 10 10:09:58 host sudo[4242]:  uma : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh", "uma")]
    [InlineData("Dec 10 10:09:58 host CRON[1234]: (victor) CMD (/usr/local/bin/backup --quiet)", "victor")]
    [InlineData("Sun Dec 10 10:09:58 2017 [pid 1234] [wendy] OK LOGIN: Client \"203.0.113.7\"", "wendy")]
    [InlineData("Sun Dec 10 10:09:58 2017 [pid 1234] [xavier] FAIL UPLOAD: Client \"203.0.113.7\", \"/up/a.txt\"", "xavier")]
    [InlineData("[Sun Dec 10 10:09:58 2017] [error] [client 203.0.113.7] AH01617: user yara: authentication failure for \"/private\": Password Mismatch", "yara")]
    [InlineData("[Sun Dec 10 10:09:58 2017] [error] [client 203.0.113.7] AH01618: user zack not found: /private", "zack")]
    [InlineData("Dec 10 10:09:58 host su[123]: Successful su for root by abby", "abby")]
    [InlineData("Dec 10 10:09:58 host passwd[123]: pam_unix(passwd:chauthtok): password changed for bert", "bert")]
    [InlineData("Dec 10 10:09:58 host useradd[123]: new user: name=cleo, UID=1001, GID=1001, home=/home/cleo, shell=/bin/bash", "cleo")]
    [InlineData("Dec 10 10:09:58 host userdel[123]: delete user 'dana'", "dana")]
    [InlineData("[Sun Dec 10 10:09:58 2017] [error] PHP Warning:  include(x.php): failed to open stream in /home/eliot/public_html/index.php on line 3", "eliot")]
    [InlineData("Dec 10 10:09:58 host sudo: fay : TTY=pts/0 ; PWD=/home/fay ; USER=root ; COMMAND=/bin/ls", "fay")]
    [InlineData("2024-01-05 10:00:00 crash report written to C:\\Users\\gus\\AppData\\Local\\Temp\\dump.dmp", "gus")]
    [InlineData("open(\"/Users/hana/Library/Logs/app.log\") failed", "hana")]
    [InlineData("2017-12-10 10:09:58 W3SVC1 10.0.0.1 GET /default.aspx - 80 CONTOSO\\ines 203.0.113.7 Mozilla/5.0 200 0 0 15", "ines")]
    [InlineData("{\"account\":\"CORP\\\\jack\",\"event\":4624}", "jack")]
    [InlineData("1286536309.586    921 192.168.0.68 TCP_MISS/200 507 CONNECT www.example.com:443 kate HIER_DIRECT/93.184.216.34 -", "kate")]
    [InlineData("Dec 10 10:09:58 web pure-ftpd: (liam@203.0.113.7) [INFO] Logout.", "liam")]
    [InlineData("Dec 10 10:09:58 web pure-ftpd: (?@203.0.113.7) [INFO] mona is now logged in", "mona")]
    [InlineData("Dec 10 10:09:58 web proftpd[1]: web (203.0.113.7[203.0.113.7]) - USER nils: Login successful.", "nils")]
    [InlineData("Dec 10 10:09:58 web proftpd[1]: web (203.0.113.7[203.0.113.7]) - USER olga (Login failed): Incorrect password", "olga")]
    [InlineData("Dec 10 10:09:58 web su[1]: (to root) pia on pts/0", "pia")]
    [InlineData("scp done for quinn.roe@[2001:db8::7] and rick_s@fe80::1%eth0", "quinn.roe")]
    [InlineData("2015-10-18 18:05:27,570 WARN [LeaseRenewer:sara@namenode-1:9000] org.apache.hadoop.hdfs.LeaseRenewer: Failed to renew lease", "sara")]
    [InlineData("2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2 54fadb412c4e40cdbaed9335e4c35a9e - - -] 10.11.10.1 \"GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829", "113d3a99c3da401fbd62cc2caa5b96d2")]
    [InlineData("Nov  9 12:00:01 mail dovecot: imap(tara): Logged out in=123 out=456", "tara")]
    [InlineData("Nov  9 12:00:01 mail dovecot: pop3(ugo)<12345><AbCdEfGh>: Disconnected: Logged out top=0/0, retr=1/1234", "ugo")]
    [InlineData("Nov  9 12:00:01 mail dovecot: auth-worker(1234): pam(vera,203.0.113.9,<AbCd>): pam_authenticate() failed", "vera")]
    [InlineData("Nov  9 12:00:01 mail dovecot: auth: passwd-file(walt,203.0.113.9): unknown user", "walt")]
    [InlineData("17/06/09 20:10:41 INFO spark.SecurityManager: Changing modify acls to: yarn,xena", "xena")]
    [InlineData("17/06/09 20:10:41 INFO SecurityManager: SecurityManager: authentication disabled; ui acls disabled; users  with view permissions: Set(yarn, yves); groups with view permissions: Set()", "yves")]
    [InlineData("Mar  1 10:00:00 web sshd[1]: Starting session: shell on pts/0 for zoe from 203.0.113.5 port 50022 id 0", "zoe")]
    [InlineData("Mar  1 10:00:00 web sshd[1]: Close session: user adam from 2001:db8::5 port 50022 id 0", "adam")]
    [InlineData("Mar  1 10:00:00 web systemd[1]: Started Session 42 of User beth.", "beth")]
    [InlineData("Mar  1 10:00:00 web login[1]: FAILED LOGIN (1) on '/dev/tty1' FOR 'chad', Authentication failure", "chad")]
    [InlineData("Mar  1 10:00:00 web login[1]: LOGIN ON tty2 BY dora FROM host1.example.net", "dora")]
    [InlineData("Mar  1 10:00:00 web login[1]: FAILED LOGIN 1 FROM 203.0.113.5 FOR eve, Authentication failure", "eve")]
    [InlineData("Mar  1 10:00:00 web login[1]: 3 LOGIN FAILURES FROM 203.0.113.5, finn", "finn")]
    [InlineData("2015-10-18 18:01:50,353 INFO [main] MRAppMaster: The job-conf file on the remote FS is /tmp/hadoop-yarn/staging/gwen/.staging/job_1445144423722_0020/job.xml", "gwen")]
    [InlineData("2015-10-18 18:01:50,353 INFO FSNamesystem.audit: allowed=true\tugi=hans (auth:SIMPLE)\tip=/10.0.0.5\tcmd=open", "hans")]
    [InlineData("2015-10-18 18:01:50,353 INFO FSNamesystem.audit: allowed=true\tugi=hdfs (auth:SIMPLE)\tcmd=rename\tsrc=/user/ines/a\tdst=/user/ines/b", "ines")]
    [InlineData("2015-10-18 18:01:50,353 WARN UserGroupInformation: PriviledgedActionException as:jon (auth:KERBEROS) cause:java.io.IOException: x", "jon")]
    [InlineData("17/06/09 20:10:41 INFO yarn.Client: Uploading resource file:/tmp/x.jar -> hdfs://namenode:8020/user/kai/.sparkStaging/application_1/x.jar", "kai")]
    [InlineData("2024-03-01 10:00:00 1rXYZa-000ABC-12 <= lola@example.com U=lola P=local S=1234", "lola")]
    [InlineData("2024-03-01 10:00:00 1rXYZa-000ABC-12 <= x@example.org H=(helo) [203.0.113.5]:51234 P=esmtpsa A=dovecot_plain:milo S=2345", "milo")]
    [InlineData("2024-03-01 10:00:01 1rXYZa-000ABC-12 => nora <nora@example.com> R=localuser T=local_delivery", "nora")]
    [InlineData("2024-03-01 10:00:02 dovecot_login authenticator failed for (User) [203.0.113.9]:59494: 535 Incorrect authentication data (set_id=otto)", "otto")]
    [InlineData("2024/03/01 10:00:00 [error] 1234#1234: *1 user \"pia\" was not found in \"/etc/nginx/.htpasswd\", client: 203.0.113.5", "pia")]
    [InlineData("2024/03/01 10:00:00 [error] 1234#1234: *2 user \"quin\": password mismatch, client: 203.0.113.5", "quin")]
    [InlineData("Nov 27 10:00:01 web pure-ftpd: (?@203.0.113.25) [WARNING] Authentication failed for user [rosa]", "rosa")]
    [InlineData("Nov 27 10:00:01 web vsftpd[12]: [seth] FAIL LOGIN: Client \"203.0.113.26\"", "seth")]
    [InlineData("Nov 27 10:00:01 web useradd[7]: new group: name=tess, GID=1001", "tess")]
    [InlineData("Nov 27 10:00:01 web usermod[7]: add 'ulla' to shadow group 'sudo'", "ulla")]
    [InlineData("Nov 27 10:00:01 web usermod[7]: change user name 'vic' to 'vicky'", "vicky")]
    [InlineData("Nov 27 10:00:01 web userdel[7]: removed group 'wes' owned by 'wes'", "wes")]
    [InlineData("Nov 27 10:00:01 web passwd[7]: password for 'xavi' changed by 'root'", "xavi")]
    [InlineData("Nov 27 10:00:01 web chage[7]: changed password expiry for yara", "yara")]
    [InlineData("Nov 27 10:00:01 web gpasswd[7]: user zack added by root to group sudo", "zack")]
    [InlineData("Nov 27 10:00:01 web gpasswd[7]: user root removed by abby from group sudo", "abby")]
    [InlineData("2024-01-01 10:00:00.123 UTC [1234] bert@shop FATAL:  password authentication failed for user \"x\"", "bert")]
    [InlineData("[01-Jan-2024 10:00:00 +0000]: <abcd1234> Successful login for cleo (ID: 12) from 203.0.113.76 in session abcd1234", "cleo")]
    [InlineData("[01-Jan-2024 10:00:00 +0000]: <abcd1234> Failed login for dirk from 203.0.113.76 in session abcd1234", "dirk")]
    [InlineData("Jan  1 10:00:00 h sshd[1]: Failed password for invalid user o'brien from 203.0.113.5 port 22 ssh2", "o'brien")]
    [InlineData("Jan  1 10:00:00 h sshd[1]: Invalid user test\\x20user from 203.0.113.7 port 22", "test\\x20user")]
    [InlineData("Jan  1 10:00:00 h sshd[1]: Failed password for o'brien from 203.0.113.5 port 22 ssh2", "o'brien")]
    [InlineData("Jan  1 10:00:00 h sshd[1]: Accepted publickey for CORP\\kim from 203.0.113.5 port 22 ssh2: RSA SHA256:abc", "CORP\\kim")]
    [InlineData("Jan  1 10:00:00 h sudo: o'neil : TTY=pts/0 ; PWD=/var/www ; USER=root ; COMMAND=/bin/ls", "o'neil")]
    [InlineData("Jan  1 10:00:00 h sudo: root : TTY=pts/0 ; PWD=/home/d'arcy ; USER=root ; COMMAND=/bin/ls", "d'arcy")]
    [InlineData("An account failed to log on. Subject: Security ID: S-1-0-0 Account Name: - Account Domain: - Account For Which Logon Failed: Security ID: S-1-0-0 Account Name: fran Account Domain: CORP", "fran")]
    [InlineData("\tAccount Name:\t\tgil", "gil")]
    [InlineData("<EventData><Data Name=\"TargetUserName\">hugo</Data><Data Name=\"LogonType\">3</Data></EventData>", "hugo")]
    [InlineData("2024-01-01 10:00:00 WARNING [wordpress] Failed login attempt for username \"ines\" from IP 203.0.113.1", "ines")]
    [InlineData("{\"msg\":\"payment failed\",\"customer\":{\"id\":\"c-1\",\"name\":\"Jo Ann\"},\"service\":{\"name\":\"billing\"}}", "Jo Ann")]
    [InlineData("GET /contact?first_name=Karl&last_name=Lund&name=Widget HTTP/1.1", "Karl")]
    [InlineData("POST /share user[]=mona&user[]=nils&a[]=1 HTTP/1.1", "mona")]
    [InlineData("DEBUG Request body: <request><user>olaf</user><email>x</email></request>", "olaf")]
    [InlineData("<Login><ns:UserName xsi:type=\"xsd:string\">pia</ns:UserName></Login>", "pia")]
    [InlineData("type=USER_LOGIN msg=audit(1700000000.123:456): pid=1234 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct=\"rita\" exe=\"/usr/sbin/sshd\" hostname=? addr=203.0.113.5 terminal=sshd res=failed'", "rita")]
    [InlineData("conn=1001 op=2 BIND dn=\"uid=sven,ou=people,dc=example,dc=com\" method=128", "sven")]
    [InlineData("conn=1001 op=3 SRCH base=\"dc=example,dc=com\" scope=2 deref=0 filter=\"(&(objectClass=posixAccount)(uid=tove))\"", "tove")]
    [InlineData("t=2024-01-02T10:00:00+0000 lvl=info msg=\"Request Completed\" logger=context userId=3 orgId=1 uname=ulla method=GET path=/api/search status=200", "ulla")]
    [InlineData("# User@Host: viggo[viggo] @ localhost [10.0.0.5]  Id:    42", "viggo")]
    [InlineData("# User@Host: app[wenche] @  [10.0.0.5]", "wenche")]
    [InlineData("{\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::123456789012:user/xena\",\"accountId\":\"123456789012\"}}", "xena")]
    [InlineData("denied for arn:aws:iam::123456789012:user/ops/yusuf, retrying", "ops/yusuf")]
    [InlineData("203.0.113.5 - zara [01/02/2024:10:00:00 -0000] \"GET /cpsess1234567890/frontend/jupiter/index.html HTTP/1.1\" 200 0 \"-\" \"Mozilla/5.0\" \"s\" \"-\" 2083", "zara")]
    [InlineData("(000012) 02/01/2024 10:00:00 - (not logged in) (203.0.113.5)> USER bruno", "bruno")]
    [InlineData("(000012) 02/01/2024 10:00:00 - cleo (203.0.113.5)> 230 Login successful.", "cleo")]
    [InlineData("Jan  2 10:00:00 host vsftpd[1234]: [dirk] FTP response: Client \"203.0.113.5\", \"230 Login successful.\"", "dirk")]
    [InlineData("Jan  2 10:00:00 host vsftpd[1234]: FTP command: Client \"203.0.113.5\", \"USER edda\"", "edda")]
    [InlineData("Tue Jan  2 10:00:00 2024 : Auth: (1234) Login OK: [fabio] (from client vpn port 0 cli 203.0.113.5)", "fabio")]
    [InlineData("Jan  2 10:00:00 host openvpn[1234]: 203.0.113.5:51234 [gina] Peer Connection Initiated with [AF_INET]203.0.113.5:51234", "gina")]
    [InlineData("Jan  2 10:00:00 host smbd[1234]: Authentication for user [hank] -> [ivo] FAILED with error NT_STATUS_WRONG_PASSWORD", "ivo")]
    [InlineData("2024-01-02T10:00:00.000+0000 I ACCESS   [conn12] Successfully authenticated as principal jonas on admin from client 203.0.113.5:51234", "jonas")]
    [InlineData("postfix/cleanup[1234]: 4F1A2B: warning: header From: \"Karin Lind\" <karin@example.com> from unknown[203.0.113.5]; from=<karin@example.com>", "Karin Lind")]
    [InlineData("Reply-To: Lars Berg <lars@example.org>", "Lars Berg")]
    [InlineData("{\"from\":\"Maja Ek <maja@example.com>\",\"to\": \"\\\"Nils\\\" <nils@example.com>\"}", "Maja Ek")]
    public void UserNamesGetUserPseudonyms(string line, string name)
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine(line, pseudonymizer);
        Assert.DoesNotContain(" " + name + " ", " " + output + " ", StringComparison.Ordinal);
        Assert.Contains(pseudonymizer.PseudonymFor("user:" + name)!, output, StringComparison.Ordinal);
        Assert.Matches("^user-[a-z2-7]{16}$", pseudonymizer.PseudonymFor("user:" + name)!);
    }

    /// <summary>A label that holds an address is a label on both sides, before and after its address becomes a pseudonym.</summary>
    [Fact]
    public void ALabelWithAnAddressStaysALabelOnceScrubbed()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        Assert.Equal(
            "Login: x-" + pseudonymizer.PseudonymFor("1.2.3.4") + ": attempt",
            TestKeys.ScrubLine("Login: x-1.2.3.4: attempt", pseudonymizer));
        Assert.DoesNotContain("2001:db8:4::", TestKeys.ScrubLine("Login: ip-2001:db8:4:: x", pseudonymizer), StringComparison.Ordinal);
    }

    [Fact]
    public void AUsersAttributesAreUserNamesFlattenedOrNestedAndJsonNumbersBecomeStrings()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string line = "{\"user\":{\"id\":42,\"name\":\"alice\",\"full_name\":\"Alice Smith\",\"roles\":[\"a\"]},\"service\":{\"name\":\"nginx\"},\"user_id\":7,\"phone\":33612345678}";
        var result = TestKeys.Scrub(line, out string output, pseudonymizer, new ScrubOptions { Format = LogFormat.JsonLines });
        Assert.False(result.Blocked, output);
        using var json = JsonDocument.Parse(output);
        var user = json.RootElement.GetProperty("user");
        Assert.Equal(pseudonymizer.PseudonymFor("user:42"), user.GetProperty("id").GetString());
        Assert.Equal(pseudonymizer.PseudonymFor("user:alice"), user.GetProperty("name").GetString());
        Assert.Equal(pseudonymizer.PseudonymFor("user:Alice Smith"), user.GetProperty("full_name").GetString());
        Assert.Equal("nginx", json.RootElement.GetProperty("service").GetProperty("name").GetString());
        Assert.Equal(pseudonymizer.PseudonymFor("user:7"), json.RootElement.GetProperty("user_id").GetString());
        Assert.StartsWith("phone-", json.RootElement.GetProperty("phone").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            $"user.name={pseudonymizer.PseudonymFor("user:bob")} service.name=api",
            TestKeys.ScrubLine("user.name=bob service.name=api", pseudonymizer));
    }

    [Fact]
    public void JsonInsideAJsonStringIsReadByItsEscapedQuotes()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine("{\"msg\":\"{\\\"user\\\":\\\"dave\\\",\\\"password\\\":\\\"x y\\\",\\\"n\\\":5}\"}", pseudonymizer);
        using var json = JsonDocument.Parse(output);
        using var inner = JsonDocument.Parse(json.RootElement.GetProperty("msg").GetString()!);
        Assert.Equal(pseudonymizer.PseudonymFor("user:dave"), inner.RootElement.GetProperty("user").GetString());
        Assert.Equal("[removed:password]", inner.RootElement.GetProperty("password").GetString());
        Assert.Equal(5, inner.RootElement.GetProperty("n").GetInt32());
    }

    [Fact]
    public void CurlsUserGetsAPseudonymAndItsPasswordIsRemoved()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string dana = pseudonymizer.PseudonymFor("user:dana")!;
        Assert.Equal(
            $"curl -u {dana}:[removed:password] https://api.example.com; curl --user \"{dana}:[removed:password]\" x; ratio -u 5:3",
            TestKeys.ScrubLine("curl -u dana:wonder https://api.example.com; curl --user \"dana:pa ss\" x; ratio -u 5:3", pseudonymizer));
    }

    [Fact]
    public void DovecotsUserIsReadInItsParenthesesAndAnEmailAddressThereGetsItsEmailPseudonym()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine(
            "dovecot: lmtp(carol@example.net)<4242><xYz>: saved mail to INBOX; imap-login: Login: user=<carol@example.net>, rip=203.0.113.9", pseudonymizer);
        string carol = pseudonymizer.PseudonymFor("carol@example.net")!;
        Assert.Equal(
            "dovecot: lmtp(" + carol + ")<4242><xYz>: saved mail to INBOX; imap-login: Login: user=<" + carol + ">, rip=" + pseudonymizer.PseudonymFor("203.0.113.9"),
            output);
    }

    /// <summary>PAM writes empty fields as <c>key=</c> followed by the next field: that is an empty value, not the next field.</summary>
    [Fact]
    public void EmptyPamFieldsStayEmptyAndTheRemoteHostGetsAHostPseudonym()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string line = "Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root";
        string output = TestKeys.ScrubLine(line, pseudonymizer);
        Assert.Equal(
            "Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost="
                + pseudonymizer.PseudonymFor("host:220-135-151-1.hinet-ip.hinet.net") + "  user=" + pseudonymizer.PseudonymFor("user:root"),
            output);
        Assert.Equal(
            "logname= uid=0 ruser= rhost=" + pseudonymizer.PseudonymFor("203.0.113.4"),
            TestKeys.ScrubLine("logname= uid=0 ruser= rhost=203.0.113.4", pseudonymizer));
    }

    /// <summary>Host names that spell the client's address with dashes are pseudonymized whole, wherever they are.</summary>
    [Theory]
    [InlineData("Dec 10 10:09:58 LabSZ sshd[24966]: reverse mapping checking getaddrinfo for 191-210-223-172.user.vivozap.com.br [191.210.223.172] failed - POSSIBLE BREAK-IN ATTEMPT!", "191-210-223-172.user.vivozap.com.br")]
    [InlineData("Dec 10 10:09:58 ip-10-0-1-5 sshd[1]: Connection from 10.0.0.9 port 4 on 10.0.0.1 port 22", "ip-10-0-1-5")]
    [InlineData("Jul  1 09:00:55 calvisitor-10-105-160-95 kernel[0]: prePCIWake - power up complete - took 2 us", "calvisitor-10-105-160-95")]
    [InlineData("postfix/smtpd[1]: connect from mail-1-2-3-4.example.net[1.2.3.4]", "mail-1-2-3-4.example.net")]
    [InlineData("resolved static.88-198-55-12.clients.your-server.de.", "static.88-198-55-12.clients.your-server.de")]
    [InlineData("GET http://ip-10-0-0-1.ec2.internal:8080/health", "ip-10-0-0-1.ec2.internal")]
    [InlineData("Jun 15 12:12:34 combo ftpd[24045]: connection from 206.196.21.129 (host129.206.196.21.conversent.net) at Wed Jun 15 12:12:34 2005", "host129.206.196.21.conversent.net")]
    [InlineData("PTR record ec2-203-0-113-5.compute-1.amazonaws.com found", "ec2-203-0-113-5.compute-1.amazonaws.com")]
    public void HostNamesHoldingADashedAddressGetHostPseudonyms(string line, string host)
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        var result = TestKeys.Scrub(line, out string output, pseudonymizer);
        Assert.False(result.Blocked);
        Assert.DoesNotContain(host, output, StringComparison.Ordinal);

        // The whole host name is replaced, nothing before it or after it.
        string pseudonym = pseudonymizer.PseudonymFor("host:" + host)!;
        int at = line.IndexOf(host, StringComparison.Ordinal);
        Assert.Contains(line[at - 1] + pseudonym + line[at + host.Length], output, StringComparison.Ordinal);
    }

    /// <summary>A number that starts a domain is part of the e-mail address, which is pseudonymized whole, not a card.</summary>
    [Fact]
    public void ANumberAfterTheAtSignIsPartOfTheEmailAddress()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        var result = TestKeys.Scrub("sasl_username=bob@4111111111111111.example.net", out string output, pseudonymizer);
        Assert.False(result.Blocked);
        Assert.Equal("sasl_username=" + pseudonymizer.PseudonymFor("bob@4111111111111111.example.net"), output);
    }

    [Fact]
    public void ABracketedValueIsTheValueAndALabelAfterAColonIsNot()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine("dovecot: imap-login: Login: user=<olivia@example.com>, method=PLAIN, rip=203.0.113.5", pseudonymizer);
        Assert.Equal(
            "dovecot: imap-login: Login: user=<" + pseudonymizer.PseudonymFor("olivia@example.com") + ">, method=PLAIN, rip=" + pseudonymizer.PseudonymFor("203.0.113.5"),
            output);
    }

    [Theory]
    [InlineData("x-@2001:db8:4::4111111111111111")]
    [InlineData("sent by ops@10.0.0.1[4111111111111111]")]
    public void WhatFollowsTheAddressAfterAnAtSignDoesNotBlock(string line)
    {
        // The scrubber removes a card glued to the literal; the gate must not then read a new address after the '@'.
        var result = TestKeys.Scrub(line, out string output);
        Assert.False(result.Blocked, output);
        Assert.DoesNotContain("4111111111111111", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("authentication failure; ruser= rhost=pc7.example.net", IdentifierKind.User)]
    [InlineData("Access denied for user 'kevin'@'2001:db8:4::1'", IdentifierKind.User)]
    [InlineData("db password = hunter2", IdentifierKind.Secret)]
    [InlineData("reverse mapping checking getaddrinfo for 191-210-223-172.user.vivozap.com.br [2001:db8:4::1] failed", IdentifierKind.Ipv4)]
    [InlineData("Dec 10 10:09:58 ip-10-0-1-5 sshd[1]: Connection closed", IdentifierKind.Ipv4)]
    [InlineData("PTR ec2-203-0-113-5.compute-1.amazonaws.com", IdentifierKind.Ipv4)]
    [InlineData("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", IdentifierKind.Secret)]
    [InlineData("call 0033 6 12 34 56 78", IdentifierKind.Phone)]
    [InlineData("PHP Warning: failed in /home/eliot/public_html/index.php on line 3", IdentifierKind.User)]
    [InlineData("dump written to C:\\Users\\gus\\dump.dmp", IdentifierKind.User)]
    [InlineData("connection from 2001:db8:4::1 (host129.206.196.21.conversent.net)", IdentifierKind.Ipv4)]
    [InlineData("1286536309.586 921 2001:db8:4::1 TCP_MISS/200 507 GET http://example.com/ - HIER_DIRECT/93.184.216.34 -", IdentifierKind.Ipv4)]
    [InlineData("1286536309.586 921 2001:db8:4::1 TCP_MISS/200 507 GET http://example.com/ kate HIER_NONE/- -", IdentifierKind.User)]
    [InlineData("GET /default.aspx - 80 CONTOSO\\ines 2001:db8:4::1", IdentifierKind.User)]
    [InlineData("pure-ftpd: (liam@2001:db8:4::1) [INFO] Logout.", IdentifierKind.User)]
    [InlineData("scp to quinn@[2001:db8:6::1]", IdentifierKind.User)]
    [InlineData("[LeaseRenewer:sara@namenode-1:9000] Failed to renew lease", IdentifierKind.User)]
    [InlineData("INFO nova.compute.manager [req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2 54fadb412c4e40cdbaed9335e4c35a9e - - -] Took 2.1 seconds", IdentifierKind.User)]
    [InlineData("pure-ftpd: [WARNING] Authentication failed for user [rosa]", IdentifierKind.User)]
    [InlineData("support line: +1 (415) 555-0132", IdentifierKind.Phone)]
    [InlineData("GET /sms?to=%2B33612345678 HTTP/1.1", IdentifierKind.Phone)]
    [InlineData("call (+33) 6 12 34 56 78", IdentifierKind.Phone)]
    [InlineData("call +44 7911 123456", IdentifierKind.Phone)]
    [InlineData("sms to +33612345678 200 1234", IdentifierKind.Phone)]
    [InlineData("from +44 7911 123456 12 retries", IdentifierKind.Phone)]
    [InlineData("callback +14155550132 2024-01-05 10:00", IdentifierKind.Phone)]
    [InlineData("tel 06 12 34 56 78 07 98 76 54 32", IdentifierKind.Phone)]
    [InlineData("from +33 6 12 34 56 78 200 1234", IdentifierKind.Phone)]
    [InlineData("from 06 12 34 56 78 10:00:00", IdentifierKind.Phone)]
    [InlineData("call me (+1 (415) 555-0132) today", IdentifierKind.Phone)]
    [InlineData("paid 4111 1111 1111 1111 200 1234", IdentifierKind.Card)]
    [InlineData("POST /share user[]=mona HTTP/1.1", IdentifierKind.User)]
    [InlineData("2024-01-01 10:00:00.123 UTC [1234] bert@shop LOG:  connection authorized", IdentifierKind.User)]
    [InlineData("support line: +33 (0)6 12 34 56 78", IdentifierKind.Phone)]
    public void TheGateBlocksTheseRawForms(string line, IdentifierKind kind) =>
        Assert.Equal(kind, VerificationGate.Check(System.Text.Encoding.UTF8.GetBytes(line)));

    [Fact]
    public void TheIdentAndUserFieldsOfACommonLogArePseudonymizedAndAHostNameToo()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string line = "dsl-42.example.net ident9 kim [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326 \"-\" \"Mozilla/5.0 (X11; rv:1.8.1.3) Gecko/20070309 Firefox/2.0.0.3\"";
        string output = TestKeys.ScrubLine(line, pseudonymizer);
        var fields = output.Split(' ');
        Assert.Matches("^host-[a-z2-7]{16}$", fields[0]);
        Assert.Equal(pseudonymizer.PseudonymFor("user:ident9"), fields[1]);
        Assert.Equal(pseudonymizer.PseudonymFor("user:kim"), fields[2]);
        Assert.EndsWith("[10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326 \"-\" \"Mozilla/5.0 (X11; rv:1.8.1.3) Gecko/20070309 Firefox/2.0.0.3\"", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET /api?token=abc123&password=hunter2&page=2 HTTP/1.1", "GET /api?token=[removed:secret]&password=[removed:password]&page=2 HTTP/1.1")]
    [InlineData("GET /cb?access_token=ya29.a0AfH6&api_key=XYZ HTTP/1.1", "GET /cb?access_token=[removed:secret]&api_key=[removed:secret] HTTP/1.1")]
    [InlineData("Authorization: Basic dXNlcjpwYXNz", "Authorization: [removed:authorization]")]
    [InlineData("Cookie: session=abc; theme=dark", "Cookie: [removed:cookie]")]
    [InlineData("Set-Cookie: id=a3fWa; Path=/; HttpOnly", "Set-Cookie: [removed:cookie]")]
    [InlineData("retry with Bearer mF_9.B5f-4.1JqM now", "retry with Bearer [removed:jwt] now")]
    [InlineData("aws key AKIAIOSFODNN7EXAMPLE used", "aws key [removed:api-key] used")]
    [InlineData("{\"headers\":[{\"name\":\"Authorization\",\"value\":\"Basic dXNlcjpwYXNz\"}]} Basic authentication; Basic dGVzdA==", "{\"headers\":[{\"name\":\"Authorization\",\"value\":\"[removed:authorization]\"}]} Basic authentication; Basic dGVzdA==")]
    [InlineData("\"value\": \"Basic dXNlcjpwYXNz\", proxy Basic YWxhZGRpbjpvcGVuc2VzYW1l ok", "\"value\": \"Basic [removed:authorization]\", proxy Basic [removed:authorization] ok")]
    [InlineData("{\"cookies\":[{\"name\":\"sessionid\",\"value\":\"abc123\"},{\"name\":\"theme\",\"value\":\"dark\"}],\"params\":[{\"field\": \"password\", \"value\": \"hunter2\"}],\"value\":\"v\"}", "{\"cookies\":[{\"name\":\"sessionid\",\"value\":\"[removed:secret]\"},{\"name\":\"theme\",\"value\":\"dark\"}],\"params\":[{\"field\": \"password\", \"value\": \"[removed:password]\"}],\"value\":\"v\"}")]
    [InlineData("maps?key=x&k=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY&v=3 AIzaShort AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWYx", "maps?key=[removed:secret]&k=[removed:api-key]&v=3 AIzaShort AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWYx")]
    [InlineData("token ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked", "token [removed:api-key] leaked")]
    [InlineData("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc ok", "stripe [removed:api-key] ok")]
    [InlineData("slack xoxb-1234567890-abcdefghij ok", "slack [removed:api-key] ok")]
    [InlineData("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nature_x end", "jwt [removed:jwt] end")]
    [InlineData("paid with 4111 1111 1111 1111 today", "paid with [removed:card] today")]
    [InlineData("paid 4111 1111 1111 1111 200 1234 and 4111 1111 1111 1111 404 0 \"-\" and 5500-0000-0000-0004-12", "paid [removed:card] 200 1234 and [removed:card] 404 0 \"-\" and [removed:card]-12")]
    [InlineData("card=5500-0000-0000-0004;", "card=[removed:card];")]
    [InlineData("diners 3056-9309-0259-04, 3056 9309 0259 04 12 and 3056 9309 0259 05", "diners [removed:card], [removed:card] 12 and 3056 9309 0259 05")]
    [InlineData("pan 4012888888881881.", "pan [removed:card].")]
    [InlineData("{\"password\":\"p@ss\",\"page\":1,\"secret\":12345,\"pin\":1234}", "{\"password\":\"[removed:password]\",\"page\":1,\"secret\":\"[removed:secret]\",\"pin\":\"[removed:secret]\"}")]
    [InlineData("GET /?otp=123456&email_otp=2&ssn=123-45-6789&verification_code=998877&spin=3&pinned=1 HTTP/1.1", "GET /?otp=[removed:secret]&email_otp=[removed:secret]&ssn=[removed:secret]&verification_code=[removed:secret]&spin=3&pinned=1 HTTP/1.1")]
    [InlineData("git clone https://alice:s3cr3t@git.example.com/repo.git", null)]
    [InlineData("redis://user:s3cr3t@cache.example.net:6379/0 and https://login:pw@host.example/", null)]
    [InlineData("db password = hunter2; token =abc123", "db password = [removed:password]; token =[removed:secret]")]
    [InlineData("CRON[1]: (root) CMD (mysqldump -uroot -pS3cret --all-databases > /b.sql; mysql -p -P 3306 -p'a b' x)", null)]
    [InlineData("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG db_pass=hunter2", "aws_secret_access_key=[removed:secret] db_pass=[removed:password]")]
    [InlineData("POST /login user[email]=x&user[password]=hunter2&user[name]=x&a[]=1&b[token]=t", "POST /login user[email]=x&user[password]=[removed:password]&user[name]=x&a[]=1&b[token]=[removed:secret]")]
    [InlineData("{\"password_confirmation\":\"y\",\"passwordConfirm\":\"z\",\"old_passwd_hash\":\"q\",\"passport\":\"p\"}", "{\"password_confirmation\":\"[removed:password]\",\"passwordConfirm\":\"[removed:password]\",\"old_passwd_hash\":\"[removed:password]\",\"passport\":\"p\"}")]
    [InlineData("Parameters: {\"password\"=>\"s e\", \"token\" => \"abc\", \"x\"=>1, \"y\"=>\"z\"}", "Parameters: {\"password\"=>\"[removed:password]\", \"token\" => \"[removed:secret]\", \"x\"=>1, \"y\"=>\"z\"}")]
    [InlineData("<soap:Body><Login><password>hunter 2</password><ns2:ApiToken>t0k3n</ns2:ApiToken></Login></soap:Body>", "<soap:Body><Login><password>[removed:password]</password><ns2:ApiToken>[removed:secret]</ns2:ApiToken></Login></soap:Body>")]
    [InlineData("Auth: (7) Login incorrect (pap: Cleartext password \"hunter 2\" does not match \"known good\" password): [x]; with password 'p@ss'", "Auth: (7) Login incorrect (pap: Cleartext password \"[removed:password]\" does not match \"known good\" password): [x]; with password '[removed:password]'")]
    [InlineData("(000012) 02/01/2024 10:00:00 - (not logged in) (ftp.example.net)> PASS hunter 2", "(000012) 02/01/2024 10:00:00 - (not logged in) (ftp.example.net)> PASS [removed:password]")]
    [InlineData("Auth: (5) Login OK: [kai/hunter2] (from client localhost port 0)", null)]
    [InlineData("vsftpd[1]: FTP command: Client \"ftp.example.net\", \"PASS s3 cret\"", "vsftpd[1]: FTP command: Client \"ftp.example.net\", \"PASS [removed:password]\"")]
    [InlineData("body: <auth><Password type=\"clear\">p&lt;w</Password><db_pass><![CDATA[a<b]]></db_pass></auth>", "body: <auth><Password type=\"clear\">[removed:password]</Password><db_pass><![CDATA[[removed:password]]]></db_pass></auth>")]
    public void SecretsAreRemoved(string line, string? expected)
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine(line, pseudonymizer);
        if (expected is null && line.StartsWith("Auth", StringComparison.Ordinal))
        {
            Assert.Equal($"Auth: (5) Login OK: [{pseudonymizer.PseudonymFor("user:kai")}/[removed:password]] (from client localhost port 0)", output);
        }
        else if (expected is null && line.StartsWith("redis", StringComparison.Ordinal))
        {
            // The user-info's user is named like a key: the URL rule reads it, not the named-value one.
            Assert.Equal(
                $"redis://{pseudonymizer.PseudonymFor("user:user")}:[removed:password]@cache.example.net:6379/0 and https://{pseudonymizer.PseudonymFor("user:login")}:[removed:password]@host.example/",
                output);
        }
        else if (expected is null && line.StartsWith("git", StringComparison.Ordinal))
        {
            Assert.Equal($"git clone https://{pseudonymizer.PseudonymFor("user:alice")}:[removed:password]@git.example.com/repo.git", output);
        }
        else if (expected is null)
        {
            Assert.Equal(
                $"CRON[1]: ({pseudonymizer.PseudonymFor("user:root")}) CMD (mysqldump -uroot -p[removed:password] --all-databases > /b.sql; mysql -p -P 3306 -p[removed:password] x)",
                output);
        }
        else
        {
            Assert.Equal(expected, output);
        }
    }

    [Theory]
    [InlineData("call +33 6 12 34 56 78 now", "+33612345678")]
    [InlineData("call 06 12 34 56 78 now", "+33612345678")]
    [InlineData("call 0612345678 now", "+33612345678")]
    [InlineData("call 06.12.34.56.78 now", "+33612345678")]
    [InlineData("sms to +14155552671.", "+14155552671")]
    [InlineData("call 0033612345678 now", "+33612345678")]
    [InlineData("call 0033 6 12 34 56 78 now", "+33612345678")]
    [InlineData("tel: +33 (0)6 12 34 56 78, from France 06 12 34 56 78", "+33612345678")]
    [InlineData("call +1 (415) 555-0132 now", "+14155550132")]
    [InlineData("call +44(0)20 7946 0958 now", "+442079460958")]
    [InlineData("GET /sms?to=%2B33612345678&body=hi HTTP/1.1", "+33612345678")]
    [InlineData("mobile (+33) 6 12 34 56 78, +33(0)612345678 or +33 612345678", "+33612345678")]
    [InlineData("uk +44 7911 123456.", "+447911123456")]
    [InlineData("de +49 170 1234567", "+491701234567")]
    [InlineData("us +1 415-555-0132", "+14155550132")]
    [InlineData("GET /sms?phone=%2b33612345678 HTTP/1.1", "+33612345678")]
    public void PhonesGetOnePseudonymWhateverTheirWriting(string line, string e164)
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine(line, pseudonymizer);
        string pseudonym = pseudonymizer.PseudonymFor("phone:" + e164)!;
        Assert.Matches("^phone-[a-z2-7]{16}$", pseudonym);
        Assert.Contains(pseudonym, output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{2}[ .]?\d{2}[ .]?\d{2}[ .]?\d{2}", output);
    }

    [Theory]
    [InlineData("sms to +33612345678 200 1234", "+33612345678", " 200 1234")]
    [InlineData("sms sent to +14155550132 200 OK", "+14155550132", " 200 OK")]
    [InlineData("callback +14155550132 2024-01-05 10:00", "+14155550132", " 2024-01-05 10:00")]
    [InlineData("from +447911123456 15 retries", "+447911123456", " 15 retries")]
    [InlineData("from +44 7911 123456 12 retries", "+447911123456", " 12 retries")]
    [InlineData("from +49 170 1234567 89 s", "+491701234567", " 89 s")]
    [InlineData("to +33612345678 1-2-3-4", "+33612345678", " host-")]
    [InlineData("to +33612345678 06-12-34-56-78", "+33612345678", " phone-")]
    [InlineData("tel 06 12 34 56 78 07 98 76 54 32", "+33612345678", " phone-")]
    [InlineData("from 06 12 34 56 78 10:00:00 and 0.5", "+33612345678", " 10:00:00 and 0.5")]
    [InlineData("from 06 12 34 56 78 200 1234", "+33612345678", " 200 1234")]
    [InlineData("from +33 6 12 34 56 78 200 1234", "+33612345678", " 200 1234")]
    [InlineData("from +1 415 555 0132 200 1234", "+14155550132", " 200 1234")]
    [InlineData("from +44 20 7946 0958 200", "+442079460958", " 200")]
    [InlineData("call me (+1 (415) 555-0132) today", "+14155550132", ") today")]
    public void APhoneNumberEndsWhereAnotherNumberFollows(string line, string e164, string after)
    {
        // A number written whole, or whose last group is long, takes no more groups: what follows is a status, a date,
        // a count or another phone number, kept as it was or judged on its own, never left raw or swallowed.
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine(line, pseudonymizer);
        string pseudonym = pseudonymizer.PseudonymFor("phone:" + e164)!;
        Assert.Contains(pseudonym + after, output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{2}", output.Replace(after, "", StringComparison.Ordinal));
    }

    [Fact]
    public void AnAddressUnderAPhoneKeyGetsAnAddressPseudonym()
    {
        // Too few digits for a phone number: the address pass judges it, and the gate accepts its pseudonym there.
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine("phone: fe80::1 tel=fe80::2%eth0", pseudonymizer);
        Assert.Matches(@"^phone: 2001:db8:6:[0-9a-f:]+ tel=2001:db8:6:[0-9a-f:]+$", output);
    }

    [Fact]
    public void FrenchIbansAreCheckedAndPseudonymized()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine("refund to FR76 3000 6000 0112 3456 7890 189 EUR", pseudonymizer);
        Assert.Equal($"refund to {pseudonymizer.PseudonymFor("iban:FR7630006000011234567890189")} EUR", output);
        Assert.Equal(output, TestKeys.ScrubLine("refund to FR7630006000011234567890189 EUR", pseudonymizer));

        // One wrong digit: the mod-97 check fails and nothing is touched.
        Assert.Equal("ref FR76 3000 6000 0112 3456 7890 188 x", TestKeys.ScrubLine("ref FR76 3000 6000 0112 3456 7890 188 x", pseudonymizer));
    }

    [Fact]
    public void CustomerIdsFollowTheConfiguredPatterns()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        var options = new ScrubOptions { CustomerIds = [CustomerIdPattern.Parse(@"cust-\d+")] };
        var result = TestKeys.Scrub("order for cust-12345 and cust-12345, not cust-abc or xcust-1\n", out string output, pseudonymizer, options);
        Assert.False(result.Blocked);
        string pseudonym = pseudonymizer.PseudonymFor("cid:cust-12345")!;
        Assert.Equal($"order for {pseudonym} and {pseudonym}, not cust-abc or xcust-1\n", output);
        Assert.Equal(2, result.Report.Pseudonymized[DetectorNames.CustomerId]);
        Assert.Throws<FormatException>(() => CustomerIdPattern.Parse("cust-[0-9]+"));
        Assert.Throws<FormatException>(() => CustomerIdPattern.Parse(@"cid-\d+"));
    }

    /// <summary>
    /// Names of secrets that are something else where they stand: sudo's working directory (its home directory is read
    /// as such), MySQL's flag, vsftpd's outcome; the shadow tools' groups and other paths stay.
    /// </summary>
    [Fact]
    public void SudosWorkingDirectoryMysqlsPasswordFlagAndVsftpdsOutcomeAreNotValues()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string dave = pseudonymizer.PseudonymFor("user:dave")!;
        string root = pseudonymizer.PseudonymFor("user:root")!;
        Assert.Equal(
            $"sudo:     {dave} : TTY=pts/1 ; PWD=/var/www ; OLDPWD=/home/{dave} ; USER={root} ; COMMAND=/usr/bin/id",
            TestKeys.ScrubLine("sudo:     dave : TTY=pts/1 ; PWD=/var/www ; OLDPWD=/home/dave ; USER=root ; COMMAND=/usr/bin/id", pseudonymizer));
        Assert.Equal("pwd=[removed:password] PWD=[removed:password] (using password: [removed:password])", TestKeys.ScrubLine("pwd=/x PWD=x (using password: hunter2)", pseudonymizer));
        Assert.EndsWith("(using password: YES)", TestKeys.ScrubLine("Access denied for user 'adam'@'localhost' (using password: YES)", pseudonymizer), StringComparison.Ordinal);
        Assert.Equal(
            $"vsftpd[1]: [{pseudonymizer.PseudonymFor("user:dina")}] OK LOGIN: Client \"{pseudonymizer.PseudonymFor("203.0.113.5")}\"",
            TestKeys.ScrubLine("vsftpd[1]: [dina] OK LOGIN: Client \"203.0.113.5\"", pseudonymizer));
        Assert.Equal(
            $"usermod[7]: change user '{pseudonymizer.PseudonymFor("user:nina")}' home from '/home/{pseudonymizer.PseudonymFor("user:nina")}' to '/srv/www'; add",
            TestKeys.ScrubLine("usermod[7]: change user 'nina' home from '/home/nina' to '/srv/www'; add", pseudonymizer));
        Assert.Equal(
            "groupadd[7]: new group: name=developers, GID=1002; gpasswd[1]: members of group sudo set by",
            TestKeys.ScrubLine("groupadd[7]: new group: name=developers, GID=1002; gpasswd[1]: members of group sudo set by", pseudonymizer));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/120.0.6099.224 Safari/537.36")]
    [InlineData("Mozilla/5.0 (X11; U; Linux; rv:1.8.1.3) Gecko/20070309 Firefox/2.0.0.3")]
    [InlineData("2024-03-01T12:34:56.789+01:00 took 1234567 ms, 98765432101 bytes, 0.123456789 s")]
    [InlineData("version 1.2.3-beta.4+build.5678 and 10.0.19045.3930")]
    [InlineData("request 3f2c8a9e-4b1d-4c2a-9f3e-7a6b5c4d3e2f order 4111111111111112 id 1700000000000")]
    [InlineData("sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 port 8443 size 4096")]
    [InlineData("oid 1.3.6.1.4.1.311.21.8 epoch 1712345678 pid 0612 ts 20240301123456")]
    [InlineData("the user interface loaded; waiting for reply from server; key=")]
    [InlineData("WWW-Authenticate: Bearer realm=\"api\"")]
    [InlineData("build 1-2-3-4-5 of x1-2-3-4 and 1-2-3-4a and 1-2-3-4_b, range 1-2-3, dates 2024-01-05 and 10-05-2015, 256-1-2-3")]
    [InlineData("uuids 123e4567-e89b-12d3-a456-426614174000 and 00000000-0000-0000-0000-000000000001, isbn 978-3-16-148410-0, 300-1-2-3")]
    [InlineData("[10/Oct/2000:13:55:36 -0700] \"GET /home/about HTTP/1.1\" 200 1 \"http://example.com/home/alice\" \"-\"")]
    [InlineData("served /var/www/home/index.php and /srv/Users/list.json; DNS resolution failure for example.com; rows changed for table")]
    [InlineData("release v1.2.3.4 and build1.2.3.4 done; v1.2.3.4-beta")]
    [InlineData("2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001")]
    [InlineData("081109 203807 222 INFO dfs.DataNode$PacketResponder: Received block blk_-6952295868487656571 of size 67108864 from /10.251.42.x")]
    [InlineData("loaded C:\\WINDOWS\\system32\\ntdll.dll and DATA\\reports\\q1.csv; Firefox/2.0.0.14 PHP/5.4.16.1 OPR/12.0.1.2")]
    [InlineData("the value (to be continued) is now logged in? USER guide; (to x)y on; user@ok is not an address; v@1.2.3.4.5")]
    [InlineData("npm i lodash@latest react@18 pkg@1.2.3; Object@1b6d3586; ask me@host; a@b.c:d")]
    [InlineData("INFO nova.compute.manager [req-38101a0b-2096-447d-96ea-a692162415ae - - - - -] [instance: 3edec1e4-9678-4a3a-a21b-a145a4ee5e61] VM Resumed; [req-38101a0b-2096-447d-96ea-a692162415ae None None]; [req-1] x")]
    [InlineData("Nov  9 12:00:01 mail dovecot: pop3-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<>, TLS; auth: sql(?,-): unknown user")]
    [InlineData("pam_unix(sshd:auth): x; auth-worker(1234): y; print(x): z; imap(): w; dovecot: imap-login: Aborted login (no auth attempts)")]
    [InlineData("Changing view acls groups to: ; groups with view permissions: Set(admins, ops); acls to: nobody; users are fine; with view permissions: Set(x)")]
    [InlineData("SELECT * FROM t ORDER BY name FOR UPDATE; ROOT LOGIN ON tty2; waiting for reply from 10.0.0.x port 22; a user from afar")]
    [InlineData("\"GET /user/login HTTP/1.1\" 200 612 \"https://example.com/user/password\"; {\"path\":\"/user/123/edit\",\"ref\":\"/user/.staging\"}; (auth:SIMPLE)")]
    [InlineData("x1-2-3-4 and build 00331234567890123 and 0044207946095; sort_key=a cache_key=b bypass=c")]
    [InlineData("x U=5 A=b:c y=z; a => b <c> without an Exim arrow before it; the user \"x\" said")]
    [InlineData("Account Domain: CORP Logon Type: 3 <Data Name=\"LogonType\">3</Data><Data Name=\"Status\">0xc000006d</Data> Account Name: - Workstation Name: -")]
    [InlineData("q=a+1 (b) c; +1 (2) 3; +33 (0)6 12; x+1 (415) 555-0132; C++ (11) 2024-01-05; +1234 (415) 555-0132; x%2B33612345678; %2B123")]
    [InlineData("traps: +1 2024-01-05, +100 20000 points, (+1) x, +12 345, UTC+1 2024-01-05, (+33) 6")]
    [InlineData("2024-01-01 10:00:00 UTC [1] [unknown]@[unknown] LOG:  incomplete startup packet; a@b log: x; @shop LOG: y")]
    [InlineData("<ListBucketResult><Contents><Key>photos/2024/a.jpg</Key></Contents></ListBucketResult> <user><name>x</name></user> </password> <password/> <user></user> a -> b; x => y; <!-- user --> <?xml version=\"1.0\"?>")]
    [InlineData("<password>cut at the end of the line; <td class=\"user\">ok</td> <session-state>x")]
    [InlineData("pid=1234 uid=0 auid=4294967295 euid=0 ses=4294967295 {\"uid\":1000,\"gid\":1000} new user: UID=1001, GID=1001; (uid=0)")]
    [InlineData("cut phrases: ] -> [ x; a )> b; ] FTP x; ] (from client ; arn:aws:iam::1:user/; User@Host: ; xpassword \"a; as principal ")]
    [InlineData("a cut \"PASS x")]
    [InlineData("a cut at the end )> ")]
    [InlineData("a cut Password \"")]
    [InlineData("Could not load file or assembly 'System.Web.Mvc, Version=5.2.3.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35'; wcp.dll version 0.0.0.6; ver 4.0.0.1; VERSION: 10.0.0.1")]
    [InlineData("the password is \"wrong\"; mypassword \"x\"; password \"; arn:aws:iam::123456789012:role/deploy; see a:user/b and arn:x y:user/z; User@Host: nobody")]
    public void TrapsStayByteIdentical(string line)
    {
        var result = TestKeys.Scrub(line, out string output);
        Assert.False(result.Blocked);
        Assert.Equal(line, output);
    }

    [Fact]
    public void JsonStaysValidWithKeysNumbersAndBooleansUntouched()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string line = "{\"user\":\"lena\",\"password\":1234,\"ok\":true,\"n\":12.5,\"phone\":\"+33 6 12 34 56 78\",\"auth\":{\"token\":\"t0k\"},\"msg\":\"Invalid user max from 10.1.2.3\",\"mail\":\"a\\u0040b.example\"}";
        var result = TestKeys.Scrub(line, out string output, pseudonymizer, new ScrubOptions { Format = LogFormat.JsonLines });
        Assert.False(result.Blocked);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(pseudonymizer.PseudonymFor("user:lena"), root.GetProperty("user").GetString());
        Assert.Equal("[removed:password]", root.GetProperty("password").GetString());
        Assert.True(root.GetProperty("ok").GetBoolean());
        Assert.Equal(12.5, root.GetProperty("n").GetDouble());
        Assert.Equal(pseudonymizer.PseudonymFor("phone:+33612345678"), root.GetProperty("phone").GetString());
        Assert.Equal("[removed:secret]", root.GetProperty("auth").GetProperty("token").GetString());
        Assert.DoesNotContain("max", root.GetProperty("msg").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReportCountsRemovedAndPseudonymizedByDetector()
    {
        var result = TestKeys.Scrub("Invalid user a from 10.0.0.1\npassword=x card 4111111111111111 AKIAIOSFODNN7EXAMPLE\n", out _);
        Assert.Equal(1, result.Report.Pseudonymized[DetectorNames.User]);
        Assert.Equal(1, result.Report.Pseudonymized[DetectorNames.Ipv4]);
        Assert.Equal(1, result.Report.Removed[DetectorNames.Password]);
        Assert.Equal(1, result.Report.Removed[DetectorNames.Card]);
        Assert.Equal(1, result.Report.Removed[DetectorNames.ApiKey]);
    }

    [Fact]
    public void ABearerTokenRightAfterAJwtIsRemovedToo()
    {
        string output = TestKeys.ScrubLine("a eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc_DEF-123-Bearer abcdef123456 b");
        Assert.Equal("a [removed:jwt] [removed:jwt] b", output);
    }

    /// <summary>Two detectors on the same span (a common log's ident field that is also a secret): removed, not pseudonymized.</summary>
    [Theory]
    [InlineData("token: abc123 - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1", "token: [removed:secret] - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1")]
    [InlineData("- eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc_DEF-123 - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1", "- [removed:jwt] - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1")]
    public void ASecretFoundAsAUserFieldIsRemoved(string line, string expected)
    {
        var result = TestKeys.Scrub(line, out string output, options: new ScrubOptions { Format = LogFormat.Clf });
        Assert.False(result.Blocked, output);
        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("Invalid user mallory from x", IdentifierKind.User)]
    [InlineData("GET /?password=hunter2 HTTP/1.1", IdentifierKind.Secret)]
    [InlineData("Authorization: Bearer abcdefghijkl", IdentifierKind.Secret)]
    [InlineData("card 4111111111111111", IdentifierKind.Card)]
    [InlineData("tel 06 12 34 56 78", IdentifierKind.Phone)]
    [InlineData("at 12:34:56.789 - - +14155552671 x", IdentifierKind.Phone)]
    [InlineData("FR7630006000011234567890189", IdentifierKind.Iban)]
    [InlineData("key AKIAIOSFODNN7EXAMPLE", IdentifierKind.Secret)]
    [InlineData("key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", IdentifierKind.Secret)]
    [InlineData("POST /login user[password]=hunter2", IdentifierKind.Secret)]
    [InlineData("\"value\": \"Basic YWxhZGRpbjpvcGVuc2VzYW1l\",", IdentifierKind.Secret)]
    [InlineData("{\"name\":\"token\",\"value\":\"t0k3n\"}", IdentifierKind.Secret)]
    [InlineData("Account For Which Logon Failed: Account Name: fran Account Domain: CORP", IdentifierKind.User)]
    [InlineData("<Data Name=\"TargetUserName\">hugo</Data>", IdentifierKind.User)]
    [InlineData("Failed login attempt for username \"ines\" from IP 2001:db8:4::1", IdentifierKind.User)]
    [InlineData("{\"customer\":{\"name\":\"Jo Ann\"}}", IdentifierKind.User)]
    [InlineData("{\"password_confirmation\":\"y\"}", IdentifierKind.Secret)]
    [InlineData("Parameters: {\"user\"=>{\"login\"=>\"carl\"}}", IdentifierKind.User)]
    [InlineData("{\"username\":\"oscar\"}", IdentifierKind.User)]
    [InlineData("ssh://peggy:pw@buildhost/", IdentifierKind.User)]
    [InlineData("<Login><username>quinn</username></Login>", IdentifierKind.User)]
    [InlineData("<a:Password xmlns:a=\"urn:x\">pw</a:Password>", IdentifierKind.Secret)]
    [InlineData("<token><![CDATA[abc]]></token>", IdentifierKind.Secret)]
    [InlineData("dn=\"uid=vera,ou=people,dc=example,dc=com\"", IdentifierKind.User)]
    [InlineData("pid=1 uid=0 auid=1000 ses=3 msg='op=PAM:authentication acct=\"walt\" res=success'", IdentifierKind.User)]
    [InlineData("Login incorrect (pap: Cleartext password \"x\" does not match \"known good\" password)", IdentifierKind.Secret)]
    [InlineData("Login incorrect: password \"[removed:password]x\"", IdentifierKind.Secret)]
    [InlineData("# User@Host: user-aaaaaaaaaaaaaaaa[zed] @ localhost []", IdentifierKind.User)]
    [InlineData("arn:aws:iam::123456789012:user/amir", IdentifierKind.User)]
    [InlineData("(000012) 02/01/2024 10:00:00 - (not logged in) (2001:db8:4::1)> PASS x", IdentifierKind.Secret)]
    [InlineData("(000012) 02/01/2024 10:00:00 - gert (2001:db8:4::1)> 331 Password required for gert", IdentifierKind.User)]
    [InlineData("vsftpd[1]: [hilde] FTP command: Client \"2001:db8:4::1\", \"PWD\"", IdentifierKind.User)]
    [InlineData("Auth: (5) Login OK: [user-aaaaaaaaaaaaaaaa/pw] (from client localhost port 0)", IdentifierKind.Secret)]
    [InlineData("Authentication for user [user-aaaaaaaaaaaaaaaa] -> [ines] FAILED", IdentifierKind.User)]
    [InlineData("Successfully authenticated as principal jan on admin", IdentifierKind.User)]
    [InlineData("header From: \"Olle\" <u-aaaaaaaaaaaaaaaa@pseudonym.invalid>", IdentifierKind.User)]
    [InlineData("Cc: Per Ahl <u-aaaaaaaaaaaaaaaa@pseudonym.invalid>", IdentifierKind.User)]
    public void TheGateBlocksEveryRawKind(string line, IdentifierKind kind)
    {
        Assert.Equal(kind, VerificationGate.Check(System.Text.Encoding.UTF8.GetBytes(line)));
    }

    [Fact]
    public void ABracketedAddressWithoutANameBeforeItKeepsWhatSurroundsIt()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string bob = pseudonymizer.PseudonymFor("bob@example.com")!;
        Assert.Equal(
            $"{{\"to\":\"<{bob}>\",\"x\": \"<{bob}>\"}} said \"hi\"<{bob}>; Subject: Re: Hi <{bob}>",
            TestKeys.ScrubLine("{\"to\":\"<bob@example.com>\",\"x\": \"<bob@example.com>\"} said \"hi\"<bob@example.com>; Subject: Re: Hi <bob@example.com>", pseudonymizer));
    }

    [Fact]
    public void TheGateBlocksARawUserFieldOfACommonLog()
    {
        var line = "2001:db8:4::1 - walter [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1"u8;
        Assert.Equal(IdentifierKind.User, VerificationGate.Check(line, LogFormat.Clf));
        Assert.Equal(IdentifierKind.User, VerificationGate.Check("2001:db8:4::1 - fritz [01/02/2024:10:00:00 -0000] \"GET / HTTP/1.1\" 200 0"u8, LogFormat.Clf));
        Assert.Equal(IdentifierKind.User, VerificationGate.Check("example.com:443 2001:db8:4::1 - walter [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1"u8, LogFormat.Clf));
        Assert.Equal(IdentifierKind.User, VerificationGate.Check("Jan  1 10:00:00 web nginx: 2001:db8:4::1 - walter [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1"u8, LogFormat.Clf));
    }

    /// <summary>A common log carried by syslog (nginx's access_log syslog:) or by a container runtime keeps its fields after the prefix.</summary>
    [Theory]
    [InlineData("Jan  1 10:00:00 web nginx: ", "203.0.113.8 - dave ")]
    [InlineData("2024-01-01T10:00:00.123456789Z stdout F ", "203.0.113.8 erin - ")]
    [InlineData("<190>Jan  1 10:00:00 web nginx: ", "client.example.net - fay ")]
    public void ACommonLogAfterAnotherLogsPrefixKeepsItsFields(string prefix, string fields)
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        const string Rest = "[10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"curl/8.0\"";
        string output = TestKeys.ScrubLine(prefix + fields + Rest, pseudonymizer);
        string[] parts = fields.TrimEnd().Split(' ');
        string host = parts[0].Contains("example", StringComparison.Ordinal) ? pseudonymizer.PseudonymFor("host:" + parts[0])! : pseudonymizer.PseudonymFor(parts[0])!;
        string Name(string part) => part == "-" ? "-" : pseudonymizer.PseudonymFor("user:" + part)!;
        Assert.Equal($"{prefix}{host} {Name(parts[1])} {Name(parts[2])} {Rest}", output);
        Assert.Equal(LogFormat.Text, LogFormatDetector.Detect(System.Text.Encoding.UTF8.GetBytes("some words here - x " + Rest)));
    }

    /// <summary>Docker's json-file logs hold a container's common log in a JSON string: its fields are read there, and the JSON stays valid.</summary>
    [Fact]
    public void ACommonLogInADockerJsonLineKeepsItsFieldsAndTheJsonStaysValid()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string line = "{\"log\":\"client.example.net gus hana [10/Oct/2000:13:55:36 -0700] \\\"GET / HTTP/1.1\\\" 200 612\\n\",\"stream\":\"stdout\"}";
        string output = TestKeys.ScrubLine(line, pseudonymizer);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(
            $"{pseudonymizer.PseudonymFor("host:client.example.net")} {pseudonymizer.PseudonymFor("user:gus")} {pseudonymizer.PseudonymFor("user:hana")} [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 612\n",
            json.RootElement.GetProperty("log").GetString());
        Assert.Equal(IdentifierKind.User, VerificationGate.Check(System.Text.Encoding.UTF8.GetBytes(line.Replace("client.example.net", "2001:db8:4::1", StringComparison.Ordinal)), LogFormat.Clf));
    }

    /// <summary>Apache's vhost_combined (Debian's other_vhosts_access.log) puts the virtual host and port first.</summary>
    [Fact]
    public void TheUserFieldOfAVirtualHostsCommonLogIsPseudonymizedAndTheVirtualHostStays()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string line = "www.example.com:443 203.0.113.5 - erin [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"curl/8.0\"";
        Assert.Equal(LogFormat.Clf, LogFormatDetector.Detect(System.Text.Encoding.UTF8.GetBytes(line)));
        Assert.Equal(
            $"www.example.com:443 {pseudonymizer.PseudonymFor("203.0.113.5")} - {pseudonymizer.PseudonymFor("user:erin")} [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"curl/8.0\"",
            TestKeys.ScrubLine(line, pseudonymizer));
        Assert.Equal(LogFormat.Text, LogFormatDetector.Detect("a b c d [10/Oct/2000:13:55:36 -0700] x"u8));
    }

    [Fact]
    public void UserPseudonymsAreDeterministicAndInjectiveOnManyNames()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        using var again = TestKeys.Pseudonymizer();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < 20000; i++)
        {
            string name = "u" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string pseudonym = pseudonymizer.PseudonymFor("user:" + name)!;
            Assert.Equal(pseudonym, again.PseudonymFor("user:" + name));
            Assert.True(seen.TryAdd(pseudonym, name));
        }

        using var otherTicket = TestKeys.Pseudonymizer("T-2");
        Assert.NotEqual(pseudonymizer.PseudonymFor("user:alice"), otherTicket.PseudonymFor("user:alice"));
    }

    [Fact]
    public void GeneratedSshdLinesNeverLeakTheirNames()
    {
        var random = new Random(7);
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string[] templates =
        [
            "sshd[{0}]: Invalid user {1} from 192.0.2.{0} port 22",
            "sshd[{0}]: Failed password for {1} from 192.0.2.{0} port 22 ssh2",
            "sshd[{0}]: Failed password for invalid user {1} from 192.0.2.{0} port 22 ssh2",
            "sshd[{0}]: Accepted password for {1} from 192.0.2.{0} port 22 ssh2",
            "sshd[{0}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.{0} user={1}",
        ];
        for (int i = 0; i < 500; i++)
        {
            string name = "zq" + new string(Enumerable.Range(0, random.Next(2, 10)).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());
            string line = string.Format(System.Globalization.CultureInfo.InvariantCulture, templates[i % templates.Length], random.Next(1, 255), name);
            string output = TestKeys.ScrubLine(line, pseudonymizer);
            Assert.DoesNotContain(name, output, StringComparison.Ordinal);
            Assert.Matches(UserPseudonym(), output);
        }
    }

    [GeneratedRegex("user-[a-z2-7]{16}")]
    private static partial Regex UserPseudonym();
}
