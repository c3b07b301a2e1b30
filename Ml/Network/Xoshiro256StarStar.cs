using System.Numerics;

namespace PolicyEngine.Ml.Network;

/// <summary>
/// The xoshiro256** 1.0 generator of Blackman and Vigna (prng.di.unimi.it), seeded from a
/// 64-bit value through SplitMix64 as its authors recommend.
/// </summary>
/// <remarks>
/// The project carries its own generator because the algorithm behind
/// <see cref="Random"/> is not a documented contract, and weights must stay reproducible
/// from a seed across .NET versions.
/// </remarks>
public sealed class Xoshiro256StarStar
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;

    /// <summary>Creates a generator whose state is the first four SplitMix64 outputs for <paramref name="seed"/>.</summary>
    public Xoshiro256StarStar(ulong seed)
    {
        ulong splitMixState = seed;
        s0 = NextSplitMix64(ref splitMixState);
        s1 = NextSplitMix64(ref splitMixState);
        s2 = NextSplitMix64(ref splitMixState);
        s3 = NextSplitMix64(ref splitMixState);
    }

    /// <summary>Returns the next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Returns a uniform double in [0, 1) made from the top 53 bits of the next output.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// Returns low + (high - low) * u for the next <see cref="NextDouble"/> u, computed in double
    /// and rounded once to float, so the result lies in [low, high] after rounding.
    /// </summary>
    public float NextUniform(double low, double high) => (float)(low + (high - low) * NextDouble());

    /// <summary>
    /// Returns a uniform integer in [0, <paramref name="exclusiveBound"/>) without modulo bias,
    /// by Lemire's multiply-and-reject method.
    /// </summary>
    public int NextInt32(int exclusiveBound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(exclusiveBound, 1);
        ulong bound = (ulong)exclusiveBound;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong high = Math.BigMul(NextUInt64(), bound, out ulong low);
            if (low >= threshold)
            {
                return (int)high;
            }
        }
    }

    /// <summary>Shuffles <paramref name="values"/> in place by the Fisher-Yates algorithm.</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt32(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong NextSplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
