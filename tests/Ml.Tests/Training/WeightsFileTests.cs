using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PolicyEngine.Ml.Blas;
using PolicyEngine.Ml.Network;
using PolicyEngine.Ml.Training;

namespace PolicyEngine.Ml.Tests.Training;

public sealed class WeightsFileTests : IDisposable
{
    // Offsets in the version 1 layout: magic, version, name length, name.
    private const int VersionOffset = 8;
    private const int ArchitectureNameOffset = 16;

    private readonly string folder = Directory.CreateTempSubdirectory("weights-file-tests-").FullName;
    private readonly IGemm gemm = new ManagedGemm(2);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void SaveLoad_RoundTripGivesIdenticalPredictions()
    {
        ReferenceCnn model = ReferenceCnn.CreateInitialized(21, gemm);
        (float[] images, _) = SyntheticImages.Create(5, seed: 1);
        string path = Path.Combine(folder, "model.bin");

        WeightsFile.Save(model, path);
        ReferenceCnn loaded = WeightsFile.Load(path, gemm);

        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal(model.PredictProbabilities(images), loaded.PredictProbabilities(images));
    }

    [Fact]
    public void Save_ReturnsSha256OfWrittenFile()
    {
        string path = Path.Combine(folder, "model.bin");

        SavedWeights saved = WeightsFile.Save(ReferenceCnn.CreateInitialized(22, gemm), path);

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), saved.Sha256);
        Assert.Equal(saved.Sha256, WeightsFile.ComputeSha256(path));
        Assert.Equal(bytes.LongLength, saved.Length);
        Assert.Equal(Path.GetFullPath(path), saved.Path);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Save_WritesDocumentedHeader()
    {
        byte[] bytes = WeightsFile.Serialize(ReferenceCnn.CreateInitialized(23, gemm));

        string name = ReferenceCnn.ArchitectureName;
        int parameterCountOffset = ArchitectureNameOffset + name.Length;
        Assert.Equal("PEWEIGHT", Encoding.ASCII.GetString(bytes, 0, 8));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(VersionOffset)));
        Assert.Equal((uint)name.Length, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(name, Encoding.UTF8.GetString(bytes, ArchitectureNameOffset, name.Length));
        Assert.Equal(225_034ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(parameterCountOffset)));
        Assert.Equal(8u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(parameterCountOffset + 8)));
    }

    [Fact]
    public void Load_RejectsWrongMagic()
    {
        string path = WriteCorrupted(bytes => bytes[0] = (byte)'X');

        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Load(path, gemm));

        Assert.Contains(path, error.Message);
        Assert.Contains("not a PolicyEngine weights file", error.Message);
    }

    [Fact]
    public void Load_RejectsUnknownVersion()
    {
        string path = WriteCorrupted(bytes => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(VersionOffset), 2));

        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Load(path, gemm));

        Assert.Contains(path, error.Message);
        Assert.Contains("format version 2", error.Message);
    }

    [Fact]
    public void Load_RejectsOtherArchitecture()
    {
        string path = WriteCorrupted(bytes => bytes[ArchitectureNameOffset] = (byte)'x');

        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Load(path, gemm));

        Assert.Contains(path, error.Message);
        Assert.Contains("architecture \"xnn-", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(30)]
    [InlineData(900_000)]
    public void Load_RejectsTruncatedFile(int length)
    {
        string path = Path.Combine(folder, "truncated.bin");
        byte[] bytes = WeightsFile.Serialize(ReferenceCnn.CreateInitialized(24, gemm));
        File.WriteAllBytes(path, bytes[..Math.Min(length, bytes.Length - 1)]);

        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Load(path, gemm));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Load_RejectsTrailingBytes()
    {
        string path = Path.Combine(folder, "long.bin");
        byte[] bytes = WeightsFile.Serialize(ReferenceCnn.CreateInitialized(25, gemm));
        File.WriteAllBytes(path, [.. bytes, 0, 0]);

        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Load(path, gemm));

        Assert.Contains("2 bytes after the last tensor", error.Message);
    }

    [Fact]
    public void Load_RejectsNonFiniteWeight()
    {
        string path = WriteCorrupted(bytes =>
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(bytes.Length - 4), float.NaN));

        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Load(path, gemm));

        Assert.Contains("tensor \"fc2.bias\" has the non-finite value NaN at index 9", error.Message);
    }

    [Fact]
    public void Load_MissingFileNamesThePath()
    {
        string path = Path.Combine(folder, "missing.bin");

        var error = Assert.Throws<FileNotFoundException>(() => WeightsFile.Load(path, gemm));

        Assert.Contains(path, error.Message);
    }

    private string WriteCorrupted(Action<byte[]> corrupt)
    {
        byte[] bytes = WeightsFile.Serialize(ReferenceCnn.CreateInitialized(26, gemm));
        corrupt(bytes);
        string path = Path.Combine(folder, "corrupt.bin");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
