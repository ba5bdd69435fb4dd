using Microsoft.Extensions.Time.Testing;
using ScaleFL.Runtime.Security;

namespace ScaleFL.Runtime.Tests.Security;

public sealed class JoinVerifierTests
{
    private const string NodeA = "akka.tcp://scalefl@10.0.0.5:40211/user/scalefl-client/device";
    private const string NodeB = "akka.tcp://scalefl@10.0.0.9:40211/user/scalefl-client/device";

    private static readonly string Key = JoinSecret.Token("federation-secret");

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_fresh_proof_for_this_client_at_this_address_is_admitted_once()
    {
        var verifier = new JoinVerifier(Key, clock);
        var proof = JoinProof.Create(Key, 3, NodeA, clock.GetUtcNow());

        Assert.Null(verifier.Refusal(proof, 3, NodeA));
        Assert.Contains("already used", verifier.Refusal(proof, 3, NodeA), StringComparison.Ordinal);
    }

    [Fact]
    public void A_proof_replayed_from_another_node_or_for_another_client_is_refused()
    {
        var verifier = new JoinVerifier(Key, clock);
        var proof = JoinProof.Create(Key, 3, NodeA, clock.GetUtcNow());

        Assert.Contains("node address", verifier.Refusal(proof, 3, NodeB), StringComparison.Ordinal);
        Assert.Contains("client id", verifier.Refusal(proof, 4, NodeA), StringComparison.Ordinal);
    }

    [Fact]
    public void A_proof_older_than_the_window_is_refused_naming_the_clocks()
    {
        var verifier = new JoinVerifier(Key, clock);
        var proof = JoinProof.Create(Key, 3, NodeA, clock.GetUtcNow());

        clock.Advance(JoinVerifier.Window + TimeSpan.FromSeconds(1));

        Assert.Contains("check the clocks", verifier.Refusal(proof, 3, NodeA), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-proof")]
    [InlineData("v1.1.00.00")]
    public void Anything_but_a_proof_made_with_the_key_is_refused(string token)
    {
        Assert.Equal("wrong or missing join secret", new JoinVerifier(Key, clock).Refusal(token, 3, NodeA));
    }

    [Fact]
    public void A_proof_made_with_another_secret_is_refused()
    {
        var proof = JoinProof.Create(JoinSecret.Token("guessed"), 3, NodeA, clock.GetUtcNow());

        Assert.NotNull(new JoinVerifier(Key, clock).Refusal(proof, 3, NodeA));
    }

    [Fact]
    public void Without_a_secret_every_registration_is_admitted()
    {
        Assert.Null(new JoinVerifier(null, clock).Refusal(string.Empty, 3, NodeA));
    }
}
