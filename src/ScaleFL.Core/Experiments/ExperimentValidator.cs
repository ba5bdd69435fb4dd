using ScaleFL.Core.Data;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// Checks <see cref="ExperimentOptions"/> before anything is loaded or trained. The first
/// problem found is thrown as an <see cref="ExperimentException"/> naming the field, the value
/// and what is allowed.
/// </summary>
public static class ExperimentValidator
{
    /// <summary>Validates and returns <paramref name="options"/>.</summary>
    public static ExperimentOptions Validate(ExperimentOptions options)
    {
        Finite(options);
        OneOf("dataset", options.Dataset, DatasetCatalog.Names);
        OneOf("model", options.Model, ModelCatalog.Names);
        foreach (var method in MethodList(options))
        {
            // NAME+elastic is NAME with elastic batches; the error lists the catalog's names.
            var catalogName = MethodVariant.Parse(method).Method;
            OneOf("method", catalogName, MethodCatalog.Names);
            Require(
                !MethodCatalog.IsWidthScaled(catalogName) || ModelCatalog.WidthSliceable.Contains(options.Model),
                "model",
                options.Model,
                $"a model method '{method}' can width-slice: {string.Join(", ", ModelCatalog.WidthSliceable)}");
        }

        OneOf("schedule", options.Schedule, ["sequential", "cyclic"]);
        OneOf("engine", options.Engine, ["actors", "inline"]);
        OneOf("microBatches", options.MicroBatches, ["off", "auto"]);
        foreach (var method in MethodList(options))
        {
            ElasticBatchRule.Check(method, options.MicroBatches);
        }

        Require(options.FaultsFile is null || options.Engine == "actors", "faultsFile", options.FaultsFile, "a fault plan only with engine actors");
        Require(options.OverCommit is >= 0 and <= 10, "overCommit", options.OverCommit, "0 to 10");
        Require(options.DeadlineSeconds > 0 && double.IsFinite(options.DeadlineSeconds), "deadlineSeconds", options.DeadlineSeconds, "a positive number of simulated seconds");
        Require(options.SecondsPerStep > 0 && double.IsFinite(options.SecondsPerStep), "secondsPerStep", options.SecondsPerStep, "a positive number");
        Require(options.StragglerShare is >= 0 and <= 1, "stragglerShare", options.StragglerShare, "0 to 1");
        Require(options.StragglerSlowdown is >= 1 and <= 1000, "stragglerSlowdown", options.StragglerSlowdown, "1 to 1000");
        Require(options.Dropout is >= 0 and <= 1, "dropout", options.Dropout, "0 to 1");
        Require(options.MaxUpdateNorm > 0 && !double.IsNaN(options.MaxUpdateNorm), "maxUpdateNorm", options.MaxUpdateNorm, "a positive number");
        Require(IsAggregation(options.Aggregation), "aggregation", options.Aggregation, Aggregation.AggregationCatalog.Forms);
        AtLeast("clients", options.Clients, 1);
        AtLeast("perRound", options.PerRound, 1);
        AtLeast("rounds", options.Rounds, 1);
        AtLeast("batchSize", options.BatchSize, 1);
        AtLeast("localEpochs", options.LocalEpochs, 1);
        AtLeast("evalSamples", options.EvalSamples, 1);
        AtLeast("plateauPatience", options.PlateauPatience, 0);
        if (options.MaxTrainSamples is { } maxTrain)
        {
            AtLeast("maxTrainSamples", maxTrain, options.Clients);
        }

        Require(options.LearningRate is > 0 and <= 10, "learningRate", options.LearningRate, "greater than 0 and at most 10");
        Require(options.Momentum is >= 0 and < 1, "momentum", options.Momentum, "0 to below 1");
        Require(options.WeightDecay is >= 0 and <= 1, "weightDecay", options.WeightDecay, "0 to 1");
        Require(!string.IsNullOrWhiteSpace(options.OutputDirectory), "out", options.OutputDirectory, "a directory path");
        // "." and ".." name the output folder itself or its parent: the run would escape --out.
        // A control character (a newline, an escape sequence) would make a folder no table or terminal shows as it is;
        // U+FFFD is what bytes that are not UTF-8 became, so two different names would share one folder.
        Require(
            options.RunName.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && !options.RunName.Any(character => char.IsControl(character) || character == '\uFFFD') && options.RunName.Length > 0 && options.RunName is not "." and not "..",
            "name",
            Escaped(options.RunName),
            "a folder name without path separators, control characters or bytes that are not UTF-8, not '.' or '..'");
        Require(options.OutputLrScale is > 0 and <= 100, "outputLrScale", options.OutputLrScale, "greater than 0 and at most 100");
        OneOf("hsicBandwidth", options.HsicBandwidth, HsicBandwidths.Names);
        try
        {
            StandInStyle.Parse(options.StandIns);
        }
        catch (FormatException)
        {
            Require(false, "standIns", options.StandIns, StandInStyle.Allowed);
        }

        Lambdas("lambda1", options.Lambda1);
        Lambdas("lambda2", options.Lambda2);
        try
        {
            PartitionerCatalog.Parse(options.Partition);
        }
        catch (DatasetException error)
        {
            throw new ExperimentException($"partition: {error.Message}", error);
        }

        BudgetSpec.Parse(options.Budgets);
        return options;
    }

    /// <summary>The methods named by the (comma-separated) method field, in order, without repeats.</summary>
    public static IReadOnlyList<string> MethodList(ExperimentOptions options) =>
        options.Method.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();

    /// <summary>
    /// Every number field, whatever the range check below says of it: NaN and infinities pass
    /// comparisons like <c>&gt; 0</c> and would surface only when a result is written.
    /// </summary>
    private static void Finite(ExperimentOptions options)
    {
        foreach (var property in typeof(ExperimentOptions).GetProperties())
        {
            var values = property.GetValue(options) switch
            {
                double number => [number],
                double[] numbers => numbers,
                _ => Array.Empty<double>(),
            };
            var bad = values.Where(value => !double.IsFinite(value)).ToList();
            if (bad.Count > 0)
            {
                var field = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
                Require(false, field, string.Join(",", values.Select(Text)), "finite numbers only (not NaN or an infinity)");
            }
        }
    }

    private static string Text(double value) => value switch
    {
        double.PositiveInfinity => "Infinity",
        double.NegativeInfinity => "-Infinity",
        _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static void Lambdas(string field, double[]? values)
    {
        if (values is not null)
        {
            Require(values.Length > 0 && values.All(v => double.IsFinite(v) && v >= 0), field, string.Join(",", values), "one finite value >= 0 per block");
        }
    }

    private static bool IsAggregation(string spec)
    {
        try
        {
            Aggregation.AggregationCatalog.Parse(spec);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void OneOf(string field, string value, IReadOnlyList<string> allowed) =>
        Require(allowed.Contains(value), field, value, string.Join(", ", allowed));

    private static void AtLeast(string field, int value, int minimum) =>
        Require(value >= minimum, field, value, $"at least {minimum}");

    private static string Escaped(string text) => string.Concat(text.Select(character => character switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ when char.IsControl(character) => $"\\u{(int)character:X4}",
        _ => character.ToString(),
    }));

    private static void Require(bool holds, string field, object? value, string allowed)
    {
        if (!holds)
        {
            throw new ExperimentException($"{field}: '{value}' is not allowed; allowed: {allowed}.");
        }
    }
}
