namespace PolicyEngine.Ml.Training;

/// <summary>Settings of one training run of the reference CNN.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Seed of the weight initialisation and of every epoch's shuffle order.</summary>
    public ulong Seed { get; init; }

    /// <summary>Images per optimizer step. The last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    public AdamOptions Adam { get; init; } = new();

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentNullException.ThrowIfNull(Adam, nameof(Adam));
        Adam.Validate();
    }
}
