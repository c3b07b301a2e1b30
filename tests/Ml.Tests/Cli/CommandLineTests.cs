using System.Text.Json.Nodes;
using PolicyEngine.Ml.Cli;
using PolicyEngine.Ml.Evidence;

namespace PolicyEngine.Ml.Tests.Cli;

/// <summary>The ml command line run in-process on real files, as a user would run it.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policyengine-ml-cli-").FullName;

    private static string SubsetFolder => Path.Combine(AppContext.BaseDirectory, "samples", "fashion-mnist-subset");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task EvaluatePredictions_WritesSameRecordAsLibrary()
    {
        File.WriteAllText(PathOf("p.csv"), "label,p0,p1,p2\n0,0.7,0.2,0.1\n1,0.1,0.8,0.1\n2,0.2,0.5,0.3\n0,0.6,0.3,0.1\n");

        int exitCode = await MlCommandLine.RunAsync(["evaluate-predictions", "--input", PathOf("p.csv"), "--out", PathOf("e.json")]);

        Assert.Equal(0, exitCode);
        var written = JsonNode.Parse(File.ReadAllText(PathOf("e.json")))!;
        var direct = PredictionsEvidence.FromFile(PathOf("p.csv"));
        Assert.Equal(0.75, written["metrics"]!["accuracy"]!.GetValue<double>());
        Assert.Equal(direct.Metrics.CrossEntropy, written["metrics"]!["crossEntropy"]!.GetValue<double>());
        Assert.Equal("evaluate-predictions", written["provenance"]!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task EvaluatePredictions_BadRow_ExitsOneAndWritesNothing()
    {
        File.WriteAllText(PathOf("p.csv"), "label,p0,p1\n0,0.7,0.2\n");

        int exitCode = await MlCommandLine.RunAsync(["evaluate-predictions", "--input", PathOf("p.csv"), "--out", PathOf("e.json")]);

        Assert.Equal(MlCommandLine.Failure, exitCode);
        Assert.False(File.Exists(PathOf("e.json")));
    }

    [Theory]
    [InlineData("train", "--epochs", "0")]
    [InlineData("train", "--epochs", "abc")]
    [InlineData("train", "--epochs", "99999999999")]
    [InlineData("train", "--blas", "Foo")]
    [InlineData("train", "--threads", "-1")]
    [InlineData("evaluate-predictions")]
    [InlineData("no-such-command")]
    public async Task BadArguments_ExitWithUsageError(params string[] args)
    {
        int exitCode = await MlCommandLine.RunAsync([.. args, "--out", PathOf("e.json")]);

        Assert.Equal(MlCommandLine.UsageError, exitCode);
    }

    [Fact]
    public async Task EvaluatePredictions_OutputIsInput_ExitsOneAndKeepsInput()
    {
        File.WriteAllText(PathOf("p.csv"), "label,p0,p1\n0,0.7,0.3\n");

        int exitCode = await MlCommandLine.RunAsync(["evaluate-predictions", "--input", PathOf("p.csv"), "--out", PathOf("p.csv")]);

        Assert.Equal(MlCommandLine.Failure, exitCode);
        Assert.Equal("label,p0,p1\n0,0.7,0.3\n", File.ReadAllText(PathOf("p.csv")));
    }

    [Fact]
    public async Task Train_OutputIsFolder_FailsBeforeTraining()
    {
        Directory.CreateDirectory(PathOf("taken"));

        int exitCode = await MlCommandLine.RunAsync(["train", "--data", SubsetFolder, "--epochs", "1", "--out", PathOf("taken")]);

        Assert.Equal(MlCommandLine.Failure, exitCode);
        Assert.False(File.Exists(PathOf("taken.weights")));
    }

    [Fact]
    public async Task Evaluate_MissingWeights_ExitsOne()
    {
        int exitCode = await MlCommandLine.RunAsync(
            ["evaluate", "--data", SubsetFolder, "--weights", PathOf("none.weights"), "--out", PathOf("e.json")]);

        Assert.Equal(MlCommandLine.Failure, exitCode);
    }

    [Fact]
    public async Task Train_OnSubset_WritesCompleteRecordThatEvaluateReproduces()
    {
        string[] train = ["train", "--data", SubsetFolder, "--epochs", "1", "--seed", "7", "--threads", "2"];

        int first = await MlCommandLine.RunAsync([.. train, "--out", PathOf("a.json"), "--weights", PathOf("a.weights")]);
        int second = await MlCommandLine.RunAsync([.. train, "--out", PathOf("b.json"), "--weights", PathOf("b.weights")]);
        int evaluated = await MlCommandLine.RunAsync(
            ["evaluate", "--data", SubsetFolder, "--weights", PathOf("a.weights"), "--threads", "2", "--out", PathOf("c.json")]);

        Assert.Equal(0, first);
        Assert.Equal(0, second);
        Assert.Equal(0, evaluated);
        var a = JsonNode.Parse(File.ReadAllText(PathOf("a.json")))!;
        var b = JsonNode.Parse(File.ReadAllText(PathOf("b.json")))!;
        var c = JsonNode.Parse(File.ReadAllText(PathOf("c.json")))!;
        Assert.Equal(a["provenance"]!["weightsSha256"]!.GetValue<string>(), b["provenance"]!["weightsSha256"]!.GetValue<string>());
        Assert.Equal(a["metrics"]!["accuracy"]!.GetValue<double>(), c["metrics"]!["accuracy"]!.GetValue<double>());
        // Ten classes, so chance is 0.1; one epoch on 2,000 images reaches about 0.7.
        Assert.True(a["metrics"]!["accuracy"]!.GetValue<double>() > 0.5);
        Assert.Equal(500, a["metrics"]!["sampleSize"]!.GetValue<int>());
        Assert.Equal(225_034, a["provenance"]!["parameterCount"]!.GetValue<int>());
        Assert.Equal(2000, a["provenance"]!["trainSamples"]!.GetValue<int>());
        Assert.Equal(4, a["provenance"]!["dataFiles"]!.AsArray().Count);
        Assert.Equal(7, a["provenance"]!["seed"]!.GetValue<int>());
        Assert.NotNull(a["baseline"]!["metrics"]!["accuracy"]);
        Assert.Equal("train", a["provenance"]!["source"]!.GetValue<string>());
        Assert.Equal("evaluate", c["provenance"]!["source"]!.GetValue<string>());
    }
}
