namespace PolicyEngine.Ml.Network;

/// <summary>
/// One named tensor inside a model's flat parameter vector: its PyTorch-style name, shape,
/// offset in the vector, and the fan-in that sets its initialisation bound.
/// </summary>
public sealed record ParameterTensor(string Name, IReadOnlyList<int> Shape, int Offset, int FanIn)
{
    /// <summary>Number of elements, the product of the shape.</summary>
    public int Length => Shape.Aggregate(1, (product, dimension) => product * dimension);
}
