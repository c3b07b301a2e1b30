using PolicyEngine.Ml.Network;

namespace PolicyEngine.Ml.Tests.Training;

/// <summary>
/// Easily learnt 28 x 28 images: class k is a bright bar, vertical at column 3 + 5k for
/// k below 5 and horizontal at row 3 + 5(k - 5) otherwise, on faint noise.
/// </summary>
internal static class SyntheticImages
{
    public static (float[] Images, byte[] Labels) Create(int count, ulong seed)
    {
        const int size = ReferenceCnn.ImageSize;
        var random = new Xoshiro256StarStar(seed);
        var images = new float[count * ReferenceCnn.ImagePixels];
        var labels = new byte[count];
        for (int image = 0; image < count; image++)
        {
            int label = random.NextInt32(ReferenceCnn.ClassCount);
            labels[image] = (byte)label;
            Span<float> pixels = images.AsSpan(image * ReferenceCnn.ImagePixels, ReferenceCnn.ImagePixels);
            for (int i = 0; i < pixels.Length; i++)
            {
                pixels[i] = random.NextUniform(0, 0.2);
            }

            int line = 3 + 5 * (label % 5);
            for (int along = 4; along < 24; along++)
            {
                for (int across = line; across < line + 2; across++)
                {
                    int index = label < 5 ? along * size + across : across * size + along;
                    pixels[index] = random.NextUniform(0.8, 1.0);
                }
            }
        }

        return (images, labels);
    }

    /// <summary>Returns the mean cross-entropy of the model's predictions, with probabilities clamped to at least 1e-12.</summary>
    public static double MeanLoss(ReferenceCnn model, float[] images, byte[] labels)
    {
        float[] probabilities = model.PredictProbabilities(images);
        double total = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            total -= Math.Log(Math.Max(probabilities[i * ReferenceCnn.ClassCount + labels[i]], 1e-12));
        }

        return total / labels.Length;
    }
}
