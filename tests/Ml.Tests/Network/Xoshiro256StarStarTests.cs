using PolicyEngine.Ml.Network;

namespace PolicyEngine.Ml.Tests.Network;

public sealed class Xoshiro256StarStarTests
{
    [Fact]
    public void Generator_SameSeedGivesSameSequence()
    {
        var first = new Xoshiro256StarStar(42);
        var second = new Xoshiro256StarStar(42);

        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(first.NextUInt64(), second.NextUInt64());
        }
    }

    [Fact]
    public void Generator_DifferentSeedsDiffer()
    {
        var first = new Xoshiro256StarStar(1);
        var second = new Xoshiro256StarStar(2);

        Assert.NotEqual(first.NextUInt64(), second.NextUInt64());
    }

    [Fact]
    public void NextInt32_CoversWholeRange()
    {
        var random = new Xoshiro256StarStar(7);
        var seen = new int[7];

        for (int i = 0; i < 7_000; i++)
        {
            int value = random.NextInt32(7);
            Assert.InRange(value, 0, 6);
            seen[value]++;
        }

        Assert.All(seen, count => Assert.InRange(count, 800, 1200));
    }

    [Fact]
    public void Shuffle_ProducesPermutation()
    {
        int[] values = Enumerable.Range(0, 1000).ToArray();

        new Xoshiro256StarStar(3).Shuffle(values.AsSpan());

        Assert.Equal(Enumerable.Range(0, 1000), values.Order());
        Assert.NotEqual(Enumerable.Range(0, 1000), values);
    }

    [Fact]
    public void NextDouble_StaysInUnitInterval()
    {
        var random = new Xoshiro256StarStar(9);

        for (int i = 0; i < 10_000; i++)
        {
            double value = random.NextDouble();
            Assert.True(value >= 0.0, $"NextDouble returned {value}.");
            Assert.True(value < 1.0, $"NextDouble returned {value}.");
        }
    }
}
