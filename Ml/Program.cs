// The training and evaluation commands are not built yet; see README.md, "Known limits".
Console.Error.WriteLine("PolicyEngine.Ml has no commands yet: evidence records are written by hand for now.");
return 2;
