using System.Numerics;
using PolicyEngine.Engine.Apportionment;

namespace PolicyEngine.Engine.Tests;

public sealed class LargestRemainderTests
{
    private static BigInteger[] Weights(params long[] values) => values.Select(v => new BigInteger(v)).ToArray();

    [Fact]
    public void Allocate_ThreeEqualWeights_GivesLeftoverUnitToFirst()
    {
        var parts = LargestRemainder.Allocate(100, Weights(1, 1, 1));

        Assert.Equal([34L, 33L, 33L], parts);
    }

    [Fact]
    public void Allocate_LargestRemainderWins_OverIndexOrder()
    {
        // Exact shares 16.5, 33.2, 50.3: floors 16 + 33 + 50 = 99, one unit left, remainder 0.5 is largest.
        var parts = LargestRemainder.Allocate(100, Weights(165, 332, 503));

        Assert.Equal([17L, 33L, 50L], parts);
    }

    [Fact]
    public void Allocate_ZeroUnits_GivesZeros()
    {
        var parts = LargestRemainder.Allocate(0, Weights(1, 1));

        Assert.Equal([0L, 0L], parts);
    }

    [Fact]
    public void Allocate_AllWeightsZero_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => LargestRemainder.Allocate(100, Weights(0, 0)));

        Assert.Contains("positive", error.Message);
    }

    [Fact]
    public void Allocate_NegativeWeight_Throws()
    {
        Assert.Throws<ArgumentException>(() => LargestRemainder.Allocate(100, Weights(3, -1)));
    }

    [Fact]
    public void Allocate_SixthsThatDecimalWouldRoundUp_StillSumExactly()
    {
        // 1/6 and 4/6 are stored by decimal as ...67, so decimal fractions summed to more than 1.
        var parts = LargestRemainder.Allocate(10_000, Weights(1, 4, 1, 0));

        // Each exact share has remainder 4/6, so the two leftover units go to the first two.
        Assert.Equal([1667L, 6667L, 1666L, 0L], parts);
        Assert.Equal(10_000L, parts.Sum());
    }

    [Theory]
    [InlineData(1L, 7)]
    [InlineData(99L, 3)]
    [InlineData(10_000_000_000_000_000L, 6)]
    [InlineData(12_345L, 4)]
    public void Allocate_RandomWeights_AlwaysSumToTotal(long total, int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            var weights = Enumerable.Range(0, 4).Select(_ => new BigInteger(random.Next(0, 1000))).ToArray();
            if (weights.All(w => w.IsZero))
            {
                weights[0] = BigInteger.One;
            }

            var parts = LargestRemainder.Allocate(total, weights);

            Assert.Equal(total, parts.Sum());
            Assert.All(parts, p => Assert.True(p >= 0));
        }
    }
}
