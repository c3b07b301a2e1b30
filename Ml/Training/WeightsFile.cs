using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PolicyEngine.Ml.Blas;
using PolicyEngine.Ml.Network;

namespace PolicyEngine.Ml.Training;

/// <summary>A weights file as written: its path, the SHA-256 of its bytes and its length.</summary>
/// <param name="Sha256">Lowercase hexadecimal SHA-256 of the whole file.</param>
public sealed record SavedWeights(string Path, string Sha256, long Length);

/// <summary>
/// Reads and writes the reference CNN's weights in a binary format of its own.
/// </summary>
/// <remarks>
/// Layout, all integers unsigned 32-bit little-endian and all values IEEE 754 binary32
/// little-endian:
/// <list type="number">
/// <item>magic: the 8 ASCII bytes "PEWEIGHT";</item>
/// <item>format version: 1;</item>
/// <item>architecture name: byte length, then UTF-8 bytes;</item>
/// <item>parameter count: 64-bit;</item>
/// <item>tensor count;</item>
/// <item>for each tensor in <see cref="ReferenceCnn.ParameterTensors"/> order: name (byte
/// length, then UTF-8 bytes), rank, each dimension, then the values in row-major order.</item>
/// </list>
/// Nothing follows the last tensor. Equal weights always give equal bytes, so the SHA-256 of
/// the file identifies the weights.
/// </remarks>
public static class WeightsFile
{
    /// <summary>The first 8 bytes of every weights file, as ASCII.</summary>
    public const string Magic = "PEWEIGHT";

    public const uint FormatVersion = 1;

    // Longer names than this mean a corrupt length field, not a real name.
    private const int MaxNameBytes = 256;

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/>, through a temporary file in
    /// the same folder so that readers never see a half-written file, and returns its SHA-256.
    /// </summary>
    public static SavedWeights Save(ReferenceCnn model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = Serialize(model);
        string fullPath = Path.GetFullPath(path);
        string temporaryPath = fullPath + ".tmp";
        File.WriteAllBytes(temporaryPath, bytes);
        File.Move(temporaryPath, fullPath, overwrite: true);
        return new SavedWeights(fullPath, ToHex(SHA256.HashData(bytes)), bytes.LongLength);
    }

    /// <summary>Returns the bytes of the weights file for <paramref name="model"/>.</summary>
    public static byte[] Serialize(ReferenceCnn model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var writer = new ArrayBufferWriter<byte>(sizeof(float) * ReferenceCnn.ParameterCount + 1024);
        writer.Write(Encoding.ASCII.GetBytes(Magic));
        WriteUInt32(writer, FormatVersion);
        WriteName(writer, ReferenceCnn.ArchitectureName);
        BinaryPrimitives.WriteUInt64LittleEndian(writer.GetSpan(sizeof(ulong)), ReferenceCnn.ParameterCount);
        writer.Advance(sizeof(ulong));
        WriteUInt32(writer, (uint)ReferenceCnn.ParameterTensors.Count);
        foreach (ParameterTensor tensor in ReferenceCnn.ParameterTensors)
        {
            WriteName(writer, tensor.Name);
            WriteUInt32(writer, (uint)tensor.Shape.Count);
            foreach (int dimension in tensor.Shape)
            {
                WriteUInt32(writer, (uint)dimension);
            }

            Span<byte> values = writer.GetSpan(tensor.Length * sizeof(float));
            ReadOnlySpan<float> parameters = model.Parameters.Slice(tensor.Offset, tensor.Length);
            for (int i = 0; i < parameters.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(values[(i * sizeof(float))..], parameters[i]);
            }

            writer.Advance(tensor.Length * sizeof(float));
        }

        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a weights file written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">
    /// The file has the wrong magic, version, architecture or tensor list, is truncated, has
    /// bytes after the last tensor, or contains a NaN or infinite weight.
    /// </exception>
    public static ReferenceCnn Load(string path, IGemm gemm)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(gemm);
        byte[] bytes = File.ReadAllBytes(path);
        var reader = new WeightsReader(path, bytes);
        ReadHeader(reader);

        var parameters = new float[ReferenceCnn.ParameterCount];
        foreach (ParameterTensor tensor in ReferenceCnn.ParameterTensors)
        {
            ReadTensor(reader, tensor, parameters.AsSpan(tensor.Offset, tensor.Length));
        }

        if (reader.Remaining > 0)
        {
            throw reader.Invalid($"it has {reader.Remaining} bytes after the last tensor, so it is corrupt");
        }

        return ReferenceCnn.FromParameters(parameters, gemm);
    }

    /// <summary>Returns the lowercase hexadecimal SHA-256 of the file at <paramref name="path"/>.</summary>
    public static string ComputeSha256(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return ToHex(SHA256.HashData(stream));
    }

    private static void ReadHeader(WeightsReader reader)
    {
        ReadOnlySpan<byte> magic = reader.ReadBytes(Magic.Length, "the magic");
        if (!magic.SequenceEqual(Encoding.ASCII.GetBytes(Magic)))
        {
            throw reader.Invalid(
                $"it starts with bytes {Convert.ToHexString(magic)} instead of \"{Magic}\", so it is not a PolicyEngine weights file");
        }

        uint version = reader.ReadUInt32("the format version");
        if (version != FormatVersion)
        {
            throw reader.Invalid($"it has format version {version}, but this program reads version {FormatVersion} only");
        }

        string architecture = reader.ReadName("the architecture name");
        if (architecture != ReferenceCnn.ArchitectureName)
        {
            throw reader.Invalid(
                $"it holds architecture \"{architecture}\", but this program expects \"{ReferenceCnn.ArchitectureName}\"");
        }

        ulong parameterCount = reader.ReadUInt64("the parameter count");
        if (parameterCount != ReferenceCnn.ParameterCount)
        {
            throw reader.Invalid(
                $"it declares {parameterCount} parameters, but {ReferenceCnn.ArchitectureName} has {ReferenceCnn.ParameterCount}");
        }

        uint tensorCount = reader.ReadUInt32("the tensor count");
        if (tensorCount != ReferenceCnn.ParameterTensors.Count)
        {
            throw reader.Invalid(
                $"it declares {tensorCount} tensors, but {ReferenceCnn.ArchitectureName} has {ReferenceCnn.ParameterTensors.Count}");
        }
    }

    private static void ReadTensor(WeightsReader reader, ParameterTensor expected, Span<float> destination)
    {
        string name = reader.ReadName($"the name of tensor \"{expected.Name}\"");
        uint rank = reader.ReadUInt32($"the rank of tensor \"{expected.Name}\"");
        if (rank > 8)
        {
            throw reader.Invalid($"tensor \"{name}\" declares rank {rank}, so the file is corrupt");
        }

        var shape = new uint[rank];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = reader.ReadUInt32($"the shape of tensor \"{expected.Name}\"");
        }

        if (name != expected.Name || !shape.SequenceEqual(expected.Shape.Select(dimension => (uint)dimension)))
        {
            throw reader.Invalid(
                $"it has tensor \"{name}\" [{string.Join(", ", shape)}] where \"{expected.Name}\" "
                + $"[{string.Join(", ", expected.Shape)}] was expected");
        }

        ReadOnlySpan<byte> values = reader.ReadBytes(expected.Length * sizeof(float), $"the values of tensor \"{expected.Name}\"");
        for (int i = 0; i < destination.Length; i++)
        {
            float value = BinaryPrimitives.ReadSingleLittleEndian(values.Slice(i * sizeof(float)));
            if (!float.IsFinite(value))
            {
                throw reader.Invalid($"tensor \"{expected.Name}\" has the non-finite value {value} at index {i}");
            }

            destination[i] = value;
        }
    }

    private static void WriteUInt32(ArrayBufferWriter<byte> writer, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(writer.GetSpan(sizeof(uint)), value);
        writer.Advance(sizeof(uint));
    }

    private static void WriteName(ArrayBufferWriter<byte> writer, string name)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(name);
        WriteUInt32(writer, (uint)bytes.Length);
        writer.Write(bytes);
    }

    private static string ToHex(byte[] hash) => Convert.ToHexStringLower(hash);

    /// <summary>Cursor over the bytes of a weights file that names the file in every error.</summary>
    private sealed class WeightsReader(string path, byte[] bytes)
    {
        private int position;

        public int Remaining => bytes.Length - position;

        public InvalidDataException Invalid(string reason) => new($"Weights file '{path}' is invalid: {reason}.");

        public ReadOnlySpan<byte> ReadBytes(int count, string field)
        {
            if (count > Remaining)
            {
                throw Invalid($"it is truncated: it ends after {bytes.Length} bytes, while reading {field}");
            }

            var span = new ReadOnlySpan<byte>(bytes, position, count);
            position += count;
            return span;
        }

        public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(sizeof(uint), field));

        public ulong ReadUInt64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(sizeof(ulong), field));

        public string ReadName(string field)
        {
            uint length = ReadUInt32(field);
            if (length > MaxNameBytes)
            {
                throw Invalid($"{field} is declared as {length} bytes long, more than the {MaxNameBytes} allowed, so the file is corrupt");
            }

            return Encoding.UTF8.GetString(ReadBytes((int)length, field));
        }
    }
}
