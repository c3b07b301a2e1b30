using PolicyEngine.Engine.Apportionment;

namespace PolicyEngine.Engine.Tests;

public sealed class LargestRemainderTests
{
    [Fact]
    public void Allocate_ThreeEqualThirds_GivesLeftoverUnitToFirst()
    {
        var third = 1m / 3;

        var parts = LargestRemainder.Allocate(100, [third, third, third]);

        Assert.Equal([34L, 33L, 33L], parts);
    }

    [Fact]
    public void Allocate_LargestRemainderWins_OverIndexOrder()
    {
        // Exact shares 16.5, 33.2, 50.3: floors 16 + 33 + 50 = 99, one unit left, remainder 0.5 is largest.
        var parts = LargestRemainder.Allocate(100, [0.165m, 0.332m, 0.503m]);

        Assert.Equal([17L, 33L, 50L], parts);
    }

    [Fact]
    public void Allocate_ZeroUnits_GivesZeros()
    {
        var parts = LargestRemainder.Allocate(0, [0.5m, 0.5m]);

        Assert.Equal([0L, 0L], parts);
    }

    [Fact]
    public void Allocate_FractionsFarFromOne_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => LargestRemainder.Allocate(100, [0.2m, 0.2m]));

        Assert.Contains("not 1", error.Message);
    }

    [Fact]
    public void Allocate_NegativeFraction_Throws()
    {
        Assert.Throws<ArgumentException>(() => LargestRemainder.Allocate(100, [1.5m, -0.5m]));
    }

    [Theory]
    [InlineData(1L, 7)]
    [InlineData(99L, 3)]
    [InlineData(100_000_000_001L, 6)]
    [InlineData(12_345L, 4)]
    public void Allocate_RandomFractions_AlwaysSumToTotal(long total, int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            var weights = Enumerable.Range(0, 4).Select(_ => (decimal)random.Next(0, 1000)).ToArray();
            if (weights.Sum() == 0)
            {
                weights[0] = 1;
            }

            var fractions = weights.Select(w => w / weights.Sum()).ToList();

            var parts = LargestRemainder.Allocate(total, fractions);

            Assert.Equal(total, parts.Sum());
            Assert.All(parts, p => Assert.True(p >= 0));
        }
    }
}
