using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PolicyEngine.Portal.Storage;

/// <summary>
/// Signs and verifies heads of the decision chain with an ECDSA P-256 key kept in a PEM file
/// outside the database. Someone who can write the database but not read the key cannot rebuild
/// or shorten the chain without the signatures showing it.
/// </summary>
/// <remarks>
/// The signed text is the UTF-8 of the line <c>policyengine-chain-head-v1</c>, then the lines
/// <c>sequence=N</c>, <c>content_hash=H</c>, <c>signed_at=T</c> and <c>key_id=K</c>, each ended
/// by <c>\n</c>. The signature is ECDSA with SHA-256 in the IEEE P1363 form (r then s, 32 bytes
/// each), stored as lowercase hex. The key id is the lowercase hex SHA-256 of the public key's
/// DER SubjectPublicKeyInfo. The key is read on first use; <see cref="EnsureKey"/> creates the
/// file when it is missing, and nothing else does.
/// </remarks>
public sealed partial class ChainHeadSigner(string keyPath, ILogger<ChainHeadSigner> logger) : IDisposable
{
    /// <summary>Configuration key of the key file's path.</summary>
    public const string KeyPathSetting = "ChainSigning:KeyPath";

    private const string FormatVersionLine = "policyengine-chain-head-v1\n";

    private static readonly JsonSerializerOptions LatestHeadJson = new(JsonSerializerDefaults.Web)
    {
        RespectRequiredConstructorParameters = true,
    };

    private readonly Lock _lock = new();
    private ECDsa? _key;
    private string? _keyId;

    /// <summary>Absolute path of the PEM file that contains the private key.</summary>
    public string KeyPath { get; } = Path.GetFullPath(keyPath);

    /// <summary>
    /// Absolute path of the file that keeps a copy of the latest signed head beside the key
    /// (<c>chain-signing.head.json</c> for <c>chain-signing.pem</c>). Someone who deletes decisions
    /// and their heads from the end of the database cannot shorten this copy as well.
    /// </summary>
    /// <remarks>NOTE: two databases that share one key file also share this copy, so give each its own key.</remarks>
    public string LatestHeadPath => Path.Combine(
        Path.GetDirectoryName(KeyPath)!, Path.GetFileNameWithoutExtension(KeyPath) + ".head.json");

    public bool KeyFileExists => File.Exists(KeyPath);

    /// <summary>The key id of the key in <see cref="KeyPath"/>. Throws <see cref="FileNotFoundException"/> when the file is missing.</summary>
    public string KeyId
    {
        get
        {
            lock (_lock)
            {
                LoadUnderLock();
                return _keyId!;
            }
        }
    }

    /// <summary>
    /// Creates a new P-256 key in <see cref="KeyPath"/> when the file does not exist, readable and
    /// writable by the owner only (on Linux and macOS), then loads it. Safe to call from several
    /// processes at once, because the key is written to a temporary file and renamed into place
    /// without overwriting, so every process loads the one complete key that won.
    /// </summary>
    public void EnsureKey()
    {
        lock (_lock)
        {
            if (_key is not null)
            {
                return;
            }

            if (!File.Exists(KeyPath))
            {
                CreateKeyFile();
            }

            LoadUnderLock();
        }
    }

    /// <summary>
    /// Signs the head at <paramref name="sequence"/> with content hash <paramref name="contentHash"/>.
    /// Throws <see cref="FileNotFoundException"/> when the key file is missing; call
    /// <see cref="EnsureKey"/> at start-up to create it.
    /// </summary>
    public SignedChainHead Sign(long sequence, string contentHash, DateTimeOffset signedAt)
    {
        lock (_lock)
        {
            LoadUnderLock();
            string timestamp = StorageFormat.FormatTimestamp(signedAt);
            byte[] text = SignedText(sequence, contentHash, timestamp, _keyId!);
            byte[] signature = _key!.SignData(text, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            return new SignedChainHead(sequence, contentHash, timestamp, _keyId!, Convert.ToHexStringLower(signature));
        }
    }

    /// <summary>
    /// Returns true when <paramref name="head"/>'s signature verifies with this key over its
    /// fields. A head whose key id names another key returns false. Throws
    /// <see cref="FileNotFoundException"/> when the key file is missing.
    /// </summary>
    public bool Verify(SignedChainHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        lock (_lock)
        {
            LoadUnderLock();
            if (!string.Equals(head.KeyId, _keyId, StringComparison.Ordinal))
            {
                return false;
            }

            byte[] signature;
            try
            {
                signature = Convert.FromHexString(head.Signature);
            }
            catch (FormatException)
            {
                return false;
            }

            byte[] text = SignedText(head.Sequence, head.ContentHash, head.SignedAt, head.KeyId);
            return _key!.VerifyData(text, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }

    /// <summary>
    /// Writes <paramref name="head"/> to <see cref="LatestHeadPath"/> unless the file already
    /// holds a later head. The file is replaced by a rename, so a reader never sees half of it.
    /// </summary>
    public void RecordLatest(SignedChainHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        lock (_lock)
        {
            if (ReadLatest() is { } recorded && recorded.Sequence >= head.Sequence)
            {
                return;
            }

            string temporary = $"{LatestHeadPath}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(head, LatestHeadJson));
            File.Move(temporary, LatestHeadPath, overwrite: true);
        }
    }

    /// <summary>
    /// Returns the head in <see cref="LatestHeadPath"/>, or null when there is no such file.
    /// Throws <see cref="JsonException"/> when the file is not a signed head.
    /// </summary>
    public SignedChainHead? ReadLatest()
    {
        if (!File.Exists(LatestHeadPath))
        {
            return null;
        }

        return JsonSerializer.Deserialize<SignedChainHead>(File.ReadAllText(LatestHeadPath), LatestHeadJson)
            ?? throw new JsonException($"'{LatestHeadPath}' contains null instead of a signed chain head.");
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _key?.Dispose();
            _key = null;
        }
    }

    private static byte[] SignedText(long sequence, string contentHash, string signedAt, string keyId) =>
        Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"{FormatVersionLine}sequence={sequence}\ncontent_hash={contentHash}\nsigned_at={signedAt}\nkey_id={keyId}\n"));

    private void LoadUnderLock()
    {
        if (_key is not null)
        {
            return;
        }

        if (!File.Exists(KeyPath))
        {
            throw new FileNotFoundException(
                $"The chain signing key file '{KeyPath}' does not exist. Start the portal once to create it, "
                + $"or set {KeyPathSetting} to the file that signed this database's decisions.",
                KeyPath);
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(KeyPath));
            if (key.KeySize != 256)
            {
                throw new CryptographicException(
                    $"The chain signing key in '{KeyPath}' has {key.KeySize} bits; it must be an ECDSA P-256 key.");
            }

            _keyId = Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
            _key = key;
        }
        catch
        {
            key.Dispose();
            throw;
        }

        LogKeyLoaded(KeyPath, _keyId);
    }

    private void CreateKeyFile()
    {
        string folder = Path.GetDirectoryName(KeyPath)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        string temporary = $"{KeyPath}.{Guid.NewGuid():N}.tmp";
        using (var writer = new StreamWriter(temporary, Encoding.ASCII, options))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }

        try
        {
            File.Move(temporary, KeyPath, overwrite: false);
        }
        catch (IOException) when (File.Exists(KeyPath))
        {
            // Another process created the key first; every process uses that one.
            File.Delete(temporary);
            return;
        }

        LogKeyCreated(KeyPath);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created a new chain signing key in {KeyPath}; back it up apart from the database")]
    private partial void LogKeyCreated(string keyPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded chain signing key {KeyId} from {KeyPath}")]
    private partial void LogKeyLoaded(string keyPath, string keyId);
}

/// <summary>
/// A signed head of the decision chain, as stored in the <c>chain_heads</c> table: the sequence
/// and content hash of a decision, when it was signed (round-trip UTC text), the key id and the
/// signature in lowercase hex.
/// </summary>
public sealed record SignedChainHead(long Sequence, string ContentHash, string SignedAt, string KeyId, string Signature);
