using System.Security.Cryptography;
using Diagnostics.Core.Options;
using Diagnostics.Core.Security;

namespace Diagnostics.UnitTests;

internal static class TestKeys
{
    public static KeyRing Ring(string keyId = "k1", Dictionary<string, string>? previous = null) =>
        new(Microsoft.Extensions.Options.Options.Create(new PseudonymizationOptions
        {
            KeyId = keyId,
            MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            PreviousKeys = previous ?? [],
        }));
}
