using System.Security.Cryptography;
using System.Text;

namespace PolicyEngine.Engine.Rules;

public static class RuleSetHash
{
    /// <summary>Returns the lower-case hex SHA-256 of the rule-set document's UTF-8 bytes, exactly as stored.</summary>
    public static string Compute(string json) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}
