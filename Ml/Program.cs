using PolicyEngine.Ml.Cli;

return await MlCommandLine.RunAsync(args);
