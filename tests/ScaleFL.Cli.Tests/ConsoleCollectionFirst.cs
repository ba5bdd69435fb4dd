using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("ScaleFL.Cli.Tests.ConsoleCollectionFirst", "ScaleFL.Cli.Tests")]

namespace ScaleFL.Cli.Tests;

/// <summary>
/// Starts the console collection before the others. Its tests run one at a time and take most of
/// the project's time (980 s of 1563 s in a CI-like run under load); started first, it holds one of
/// the two parallel slots from the beginning while the process tests pass through the other,
/// instead of being left to run alone at the end.
/// </summary>
public sealed class ConsoleCollectionFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(collection => collection.DisplayName == ConsoleCollection.Name ? 0 : 1);
}
