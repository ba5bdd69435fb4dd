using ScaleFL.Core.Data;

namespace ScaleFL.Core.Tests.Data;

public sealed class PartitionerCatalogTests
{
    [Theory]
    [InlineData("iid", "iid")]
    [InlineData("dirichlet:0.5", "dirichlet(0.5)")]
    [InlineData("dirichlet:100", "dirichlet(100)")]
    [InlineData(" Dirichlet:1e-2 ", "dirichlet(0.01)")]
    [InlineData("shards:2", "shards(2)")]
    public void Configuration_text_parses_to_the_named_partitioner(string text, string name)
    {
        Assert.Equal(name, PartitionerCatalog.Parse(text).Name);
    }

    [Theory]
    [InlineData("dirichlet(0.5)")]
    [InlineData("shards(3)")]
    public void Reported_names_parse_back_to_themselves(string name)
    {
        Assert.Equal(name, PartitionerCatalog.Parse(name).Name);
    }

    [Fact]
    public void Parsed_partitioners_carry_their_parameter()
    {
        Assert.Equal(0.5, Assert.IsType<DirichletPartitioner>(PartitionerCatalog.Parse("dirichlet:0.5")).Alpha);
        Assert.Equal(4, Assert.IsType<ShardPartitioner>(PartitionerCatalog.Parse("shards:4")).ShardsPerClient);
    }

    [Theory]
    [InlineData("noniid")]
    [InlineData("dirichlet")]
    [InlineData("dirichlet:0")]
    [InlineData("dirichlet:-1")]
    [InlineData("dirichlet:abc")]
    [InlineData("shards:0")]
    [InlineData("shards:1.5")]
    [InlineData("shards(2")]
    public void Malformed_text_is_refused_with_the_allowed_forms(string text)
    {
        var error = Assert.Throws<DatasetException>(() => PartitionerCatalog.Parse(text));

        Assert.Equal(
            $"Unknown partitioner '{text}'. Allowed: iid, dirichlet:ALPHA (ALPHA > 0, e.g. dirichlet:0.5), "
            + "shards:K (whole K >= 1, e.g. shards:2).",
            error.Message);
    }
}
