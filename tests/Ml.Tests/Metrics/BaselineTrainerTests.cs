using PolicyEngine.Ml.Metrics;

namespace PolicyEngine.Ml.Tests.Metrics;

public sealed class BaselineTrainerTests
{
    private const int PixelCount = 16;
    private const int ClassCount = 3;

    /// <summary>
    /// A separable problem: class k lights pixels 5k to 5k+4 at 0.9 and the rest at 0.1, plus
    /// uniform noise of ±0.1, so each class's pixels never overlap another's.
    /// </summary>
    private static (float[] Images, int[] Labels) CreateImages(int count, int seed, int firstLabel = 0)
    {
        var random = new Random(seed);
        float[] images = new float[count * PixelCount];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = (firstLabel + i) % ClassCount;
            labels[i] = label;
            for (int p = 0; p < PixelCount; p++)
            {
                bool lit = p / 5 == label;
                images[i * PixelCount + p] = (lit ? 0.9f : 0.1f) + (float)(random.NextDouble() * 0.2 - 0.1);
            }
        }

        return (images, labels);
    }

    [Fact]
    public void Baseline_SeparableProblem_ReachesHighAccuracy()
    {
        (float[] trainImages, int[] trainLabels) = CreateImages(300, seed: 1);
        (float[] testImages, int[] testLabels) = CreateImages(150, seed: 2);

        BaselineResult result = BaselineTrainer.TrainAndEvaluate(trainImages, trainLabels, testImages, testLabels, ClassCount);

        Assert.True(result.Metrics.Accuracy >= 0.98, $"accuracy {result.Metrics.Accuracy}");
        Assert.Equal(150 * ClassCount, result.Probabilities.Length);
        Assert.Equal(150, result.Metrics.SampleSize);
        Assert.Contains(BaselineTrainer.TrainerName, result.Model);
    }

    [Fact]
    public void Baseline_Probabilities_RowsSumToOne()
    {
        (float[] trainImages, int[] trainLabels) = CreateImages(90, seed: 3);
        (float[] testImages, int[] testLabels) = CreateImages(30, seed: 4);

        BaselineResult result = BaselineTrainer.TrainAndEvaluate(trainImages, trainLabels, testImages, testLabels, ClassCount);

        for (int i = 0; i < 30; i++)
        {
            double sum = 0;
            for (int k = 0; k < ClassCount; k++)
            {
                sum += result.Probabilities[i * ClassCount + k];
            }

            Assert.Equal(1.0, sum, 1e-5);
        }
    }

    [Fact]
    public void Baseline_ClassTwoFirst_KeepsClassOrder()
    {
        // The training data starts with class 2, but score slot k must still be class k.
        (float[] trainImages, int[] trainLabels) = CreateImages(300, seed: 5, firstLabel: 2);
        (float[] testImages, int[] testLabels) = CreateImages(60, seed: 6);

        BaselineResult result = BaselineTrainer.TrainAndEvaluate(trainImages, trainLabels, testImages, testLabels, ClassCount);

        Assert.Equal(2, trainLabels[0]);
        Assert.True(result.Metrics.Accuracy >= 0.98, $"accuracy {result.Metrics.Accuracy}");
    }

    [Fact]
    public void Baseline_SameSeed_GivesIdenticalProbabilities()
    {
        (float[] trainImages, int[] trainLabels) = CreateImages(120, seed: 7);
        (float[] testImages, int[] testLabels) = CreateImages(30, seed: 8);

        BaselineResult first = BaselineTrainer.TrainAndEvaluate(trainImages, trainLabels, testImages, testLabels, ClassCount);
        BaselineResult second = BaselineTrainer.TrainAndEvaluate(trainImages, trainLabels, testImages, testLabels, ClassCount);

        Assert.Equal(first.Probabilities, second.Probabilities);
    }

    [Fact]
    public void Baseline_ImagesNotDividingIntoLabels_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => BaselineTrainer.TrainAndEvaluate(
            new float[10], [0, 1, 2], new float[16], [0], ClassCount));

        Assert.Contains("10 training pixels", error.Message);
    }

    [Fact]
    public void Baseline_TestLabelOutOfRange_Throws()
    {
        (float[] trainImages, int[] trainLabels) = CreateImages(9, seed: 9);

        Assert.Throws<ArgumentOutOfRangeException>(() => BaselineTrainer.TrainAndEvaluate(
            trainImages, trainLabels, new float[PixelCount], [3], ClassCount));
    }
}
