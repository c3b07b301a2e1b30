namespace PolicyEngine.Ml.Network;

/// <summary>
/// Converts between the channel-major layout of the convolution stack, [channel, image, pixel],
/// and one row per image, [image, channel x pixel], which is torch.flatten's order.
/// </summary>
internal static class Flatten
{
    public static void Forward(ReadOnlySpan<float> channelMajor, int channels, int batch, int pixels, Span<float> rows)
    {
        for (int channel = 0; channel < channels; channel++)
        {
            for (int image = 0; image < batch; image++)
            {
                channelMajor.Slice((channel * batch + image) * pixels, pixels)
                    .CopyTo(rows.Slice((image * channels + channel) * pixels, pixels));
            }
        }
    }

    public static void Backward(ReadOnlySpan<float> rows, int channels, int batch, int pixels, Span<float> channelMajor)
    {
        for (int channel = 0; channel < channels; channel++)
        {
            for (int image = 0; image < batch; image++)
            {
                rows.Slice((image * channels + channel) * pixels, pixels)
                    .CopyTo(channelMajor.Slice((channel * batch + image) * pixels, pixels));
            }
        }
    }
}
