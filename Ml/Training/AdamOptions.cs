namespace PolicyEngine.Ml.Training;

/// <summary>
/// Adam hyperparameters. The defaults are those of torch.optim.Adam: learning rate 1e-3,
/// betas (0.9, 0.999), eps 1e-8, no weight decay.
/// </summary>
public sealed record AdamOptions
{
    public float LearningRate { get; init; } = 1e-3f;

    public float Beta1 { get; init; } = 0.9f;

    public float Beta2 { get; init; } = 0.999f;

    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>Throws when a value lies outside the range Adam is defined for.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0f) || !float.IsFinite(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a positive finite number.");
        }

        if (!(Beta1 >= 0f && Beta1 < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "Beta1 must be in [0, 1).");
        }

        if (!(Beta2 >= 0f && Beta2 < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "Beta2 must be in [0, 1).");
        }

        if (!(Epsilon > 0f) || !float.IsFinite(Epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be a positive finite number.");
        }
    }
}
