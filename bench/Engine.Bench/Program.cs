using BenchmarkDotNet.Running;
using PolicyEngine.Engine.Bench;

// Pass BenchmarkDotNet options through, for example: --filter '*' --job short
BenchmarkSwitcher.FromTypes([typeof(EngineBenchmarks)]).Run(args);
