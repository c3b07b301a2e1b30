using BenchmarkDotNet.Running;
using PolicyEngine.Engine.Bench;

// Passes the command-line options to BenchmarkDotNet, for example --filter '*' --job short.
BenchmarkSwitcher.FromTypes([typeof(EngineBenchmarks)]).Run(args);
