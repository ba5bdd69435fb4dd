using System.Diagnostics;
using Akka.Actor;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Serialization;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// Serialize plus deserialize of a ResNet-18-sized update: the bare <see cref="WeightSetCodec"/>
/// and the runtime's wire format (a <see cref="SubmitUpdate"/> through its Akka serializer, what a
/// client's update costs before it is chunked).
/// </summary>
internal static class CodecBench
{
    public static void Run(BenchSizes sizes, BenchReport report)
    {
        report.Section("Weight codec");
        var weights = BenchWeights.Create(sizes.CodecFloats);
        var megabytes = weights.ByteCount / 1e6;
        report.Note($"{weights.Count} arrays, {weights.ByteCount / sizeof(float) / 1e6:F1}M floats = {megabytes:F1} MB; best of {sizes.CodecRepeats}");

        var codec = Measure(weights, sizes.CodecRepeats, () => WeightSetCodec.ToBytes(weights), bytes => WeightSetCodec.FromBytes(bytes));
        Print(report, "WeightSetCodec", weights, codec);

        var system = ActorSystem.Create("scalefl-bench-codec", Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(RuntimeConfig.Local));
        try
        {
            var update = new SubmitUpdate(1, 1, 0, 1, weights, 64, 0.5, 1, 1, 1, weights.ByteCount, weights.ByteCount, []);
            var serializer = system.Serialization.FindSerializerFor(update);
            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, update);
            var wire = Measure(
                weights,
                sizes.CodecRepeats,
                () => serializer.ToBinary(update),
                bytes => ((SubmitUpdate)system.Serialization.Deserialize(bytes, serializer.Identifier, manifest)).Weights);
            Print(report, "wire format (SubmitUpdate)", weights, wire);
        }
        finally
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(10));
        }
    }

    private static (TimeSpan Write, TimeSpan Read) Measure(WeightSet weights, int repeats, Func<byte[]> write, Func<byte[], WeightSet> read)
    {
        var (bestWrite, bestRead) = (TimeSpan.MaxValue, TimeSpan.MaxValue);
        for (var r = 0; r < repeats + 1; r++)
        {
            var watch = Stopwatch.StartNew();
            var bytes = write();
            var written = watch.Elapsed;
            watch.Restart();
            var back = read(bytes);
            var readTime = watch.Elapsed;

            // The first round trip only warms up the JIT and the page tables of fresh buffers.
            if (r > 0)
            {
                (bestWrite, bestRead) = (Min(bestWrite, written), Min(bestRead, readTime));
            }

            if (r == 0 && !BenchWeights.Same(weights, back))
            {
                throw new InvalidOperationException("The codec did not give back the weights it was given.");
            }
        }

        return (bestWrite, bestRead);
    }

    private static void Print(BenchReport report, string name, WeightSet weights, (TimeSpan Write, TimeSpan Read) time)
    {
        var gigabytes = weights.ByteCount / 1e9;
        report.Figure(
            $"{name} serialize + deserialize",
            $"{BenchReport.F(gigabytes / (time.Write + time.Read).TotalSeconds, 2)} GB/s " +
            $"(serialize {BenchReport.F(gigabytes / time.Write.TotalSeconds, 2)} GB/s in {BenchReport.Ms(time.Write)}, " +
            $"deserialize {BenchReport.F(gigabytes / time.Read.TotalSeconds, 2)} GB/s in {BenchReport.Ms(time.Read)})");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
