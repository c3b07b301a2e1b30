namespace PolicyEngine.Ml.Data;

/// <summary>
/// The training or test part of an MNIST-format dataset. <see cref="Images"/> is one contiguous
/// row-major array of <see cref="Count"/> x <see cref="Rows"/> x <see cref="Columns"/> pixels,
/// each byte divided by 255 into [0, 1]. <see cref="Labels"/> contains one class from 0 to 9 per
/// image.
/// </summary>
public sealed record MnistSplit(float[] Images, byte[] Labels, int Rows, int Columns)
{
    public int Count => Labels.Length;

    public int PixelsPerImage => Rows * Columns;

    /// <summary>Pixels of image <paramref name="index"/>, row-major.</summary>
    public ReadOnlySpan<float> Image(int index) =>
        Images.AsSpan(index * PixelsPerImage, PixelsPerImage);
}

/// <summary>One file a dataset was read from, for the evidence record's provenance.</summary>
/// <param name="FileName">File name without folder, e.g. <c>train-images-idx3-ubyte.gz</c>.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file as stored (compressed for gzip).</param>
public sealed record DatasetFile(string FileName, string Sha256);
