using ScaleFL.Core.Simulation;

namespace ScaleFL.Cli.Reports;

/// <summary>One method's finished run, as the plots need it.</summary>
/// <param name="Method">Catalog name, used in legends.</param>
/// <param name="Result">Rounds, final weights and evaluation.</param>
internal sealed record MethodRun(string Method, RunResult Result);
