namespace PolicyEngine.Ml.Data;

/// <summary>
/// Contents of one IDX image file: <see cref="Pixels"/> contains <see cref="Count"/> images of
/// <see cref="Rows"/> x <see cref="Columns"/> bytes each, row-major, exactly as stored.
/// </summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the file as stored (compressed for gzip).</param>
public sealed record IdxImages(
    string FilePath, string Sha256, int Count, int Rows, int Columns, byte[] Pixels);

/// <summary>Contents of one IDX label file, each label checked to be a class from 0 to 9.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the file as stored (compressed for gzip).</param>
public sealed record IdxLabels(string FilePath, string Sha256, byte[] Labels);
