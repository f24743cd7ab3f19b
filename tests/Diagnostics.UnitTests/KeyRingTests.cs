using System.Security.Cryptography;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Options;
using Diagnostics.Core.Security;
using Diagnostics.Pseudonymization;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Diagnostics.UnitTests;

public sealed class KeyRingTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void AfterRotationATicketKeepsThePseudonymsOfTheKeyItWasOpenedWith()
    {
        var before = Ring("a", KeyA, []);
        var ticket = new Ticket { TicketId = "T-1", OpenedAt = DateTimeOffset.UnixEpoch, KeyId = before.CurrentKeyId, Salt = TicketKey.NewSalt() };
        var pseudonym = new Pseudonymizer(before.ForTicket(ticket)!).PseudonymFor("203.0.113.7");

        var after = Ring("b", KeyB, new() { ["a"] = KeyA });

        Assert.Equal("b", after.CurrentKeyId);
        Assert.Equal(pseudonym, new Pseudonymizer(after.ForTicket(ticket)!).PseudonymFor("203.0.113.7"));
    }

    [Fact]
    public void ATicketWhoseKeyWasRetiredOrWhoseSaltWasDestroyedHasNoKey()
    {
        var ring = Ring("b", KeyB, []);
        Assert.Null(ring.ForTicket(new Ticket { TicketId = "T-1", OpenedAt = DateTimeOffset.UnixEpoch, KeyId = "a", Salt = TicketKey.NewSalt() }));
        Assert.Null(ring.ForTicket(new Ticket { TicketId = "T-1", OpenedAt = DateTimeOffset.UnixEpoch, KeyId = "b", Salt = null }));
    }

    [Fact]
    public void TwoTicketsNeverShareAPseudonym()
    {
        var ring = Ring("a", KeyA, []);
        string Pseudonym(string id) => new Pseudonymizer(ring.ForTicket(new Ticket { TicketId = id, OpenedAt = DateTimeOffset.UnixEpoch, KeyId = "a", Salt = TicketKey.NewSalt() })!)
            .PseudonymFor("203.0.113.7")!;
        Assert.NotEqual(Pseudonym("T-1"), Pseudonym("T-2"));
    }

    private static KeyRing Ring(string keyId, string key, Dictionary<string, string> previous) =>
        new(MsOptions.Create(new PseudonymizationOptions { KeyId = keyId, MasterKey = key, PreviousKeys = previous }));
}
