using System.Numerics.Tensors;
using PolicyEngine.Ml.Blas;

namespace PolicyEngine.Ml.Network;

/// <summary>
/// Fully connected layer y = x W^T + b, as torch.nn.Linear, with W stored
/// [outputs, inputs] and x and y one row per image.
/// </summary>
internal static class Dense
{
    public static void Forward(
        IGemm gemm,
        int batch,
        int inputs,
        int outputs,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias,
        Span<float> output)
    {
        gemm.Sgemm(
            Transpose.NoTrans,
            Transpose.Trans,
            batch,
            outputs,
            inputs,
            1f,
            input[..(batch * inputs)],
            inputs,
            weights[..(outputs * inputs)],
            inputs,
            0f,
            output[..(batch * outputs)],
            outputs);
        for (int image = 0; image < batch; image++)
        {
            Span<float> row = output.Slice(image * outputs, outputs);
            TensorPrimitives.Add(row, bias[..outputs], row);
        }
    }

    /// <summary>
    /// Computes dW = dY^T x, db = column sums of dY, and dx = dY W unless
    /// <paramref name="inputGradient"/> is empty.
    /// </summary>
    public static void Backward(
        IGemm gemm,
        int batch,
        int inputs,
        int outputs,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> outputGradient,
        Span<float> weightGradient,
        Span<float> biasGradient,
        Span<float> inputGradient)
    {
        ReadOnlySpan<float> gradient = outputGradient[..(batch * outputs)];
        gemm.Sgemm(
            Transpose.Trans,
            Transpose.NoTrans,
            outputs,
            inputs,
            batch,
            1f,
            gradient,
            outputs,
            input[..(batch * inputs)],
            inputs,
            0f,
            weightGradient[..(outputs * inputs)],
            inputs);
        FixedOrderMath.SumRows(gradient, batch, outputs, biasGradient);
        if (inputGradient.IsEmpty)
        {
            return;
        }

        gemm.Sgemm(
            Transpose.NoTrans,
            Transpose.NoTrans,
            batch,
            inputs,
            outputs,
            1f,
            gradient,
            outputs,
            weights[..(outputs * inputs)],
            inputs,
            0f,
            inputGradient[..(batch * inputs)],
            inputs);
    }
}
