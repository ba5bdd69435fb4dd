using ScaleFL.Core.Objective;
using static TorchSharp.torch;

namespace ScaleFL.Core.Tests.Objective;

[Collection(TorchCollection.Name)]
public sealed class SelfDistillationObjectiveTests
{
    [Fact]
    public void Loss_is_each_classifiers_cross_entropy_plus_its_mean_divergence_from_the_others()
    {
        // p1 = softmax(0, 0) = (1/2, 1/2), p2 = softmax(ln 3, 0) = (3/4, 1/4), label 0.
        using var first = tensor(new float[] { 0, 0 }, [1, 2]).requires_grad_(true);
        using var second = tensor(new float[] { (float)Math.Log(3), 0 }, [1, 2]).requires_grad_(true);
        using var labels = tensor(new long[] { 0 });

        using var loss = new SelfDistillationObjective().Loss([first, second], labels);
        loss.backward();

        // CE1 = ln 2, CE2 = ln 4/3, KL(p2||p1) = 3/4 ln 3/2 + 1/4 ln 1/2, KL(p1||p2) = 1/2 ln 2/3 + 1/2 ln 2; n - 1 = 1.
        var expected = Math.Log(2) + Math.Log(4.0 / 3) + (0.75 * Math.Log(1.5)) + (0.25 * Math.Log(0.5)) + (0.5 * Math.Log(2.0 / 3)) + (0.5 * Math.Log(2));
        Assert.Equal(expected, loss.item<float>(), 5);

        // The teacher side is detached: z1's gradient is CE1's (p1 - y) plus KL(p2||p1)'s (p1 - p2) only.
        Assert.Equal([-0.75f, 0.75f], first.grad!.data<float>().ToArray(), new FloatTolerance(1e-5f));
    }

    [Fact]
    public void Three_classifiers_average_the_divergence_over_the_two_others_and_one_is_cross_entropy()
    {
        using var a = tensor(new float[] { 1, 0 }, [1, 2]);
        using var b = tensor(new float[] { 0, 1 }, [1, 2]);
        using var c = tensor(new float[] { 0, 0 }, [1, 2]);
        using var labels = tensor(new long[] { 1 });
        var objective = new SelfDistillationObjective();

        double Kl(Tensor p, Tensor q) => (softmax(p, 1) * (nn.functional.log_softmax(p, 1) - nn.functional.log_softmax(q, 1))).sum().item<float>();
        double Ce(Tensor z) => nn.functional.cross_entropy(z, labels).item<float>();
        var expected = Ce(a) + Ce(b) + Ce(c) + ((Kl(b, a) + Kl(c, a) + Kl(a, b) + Kl(c, b) + Kl(a, c) + Kl(b, c)) / 2);

        Assert.Equal(expected, objective.Loss([a, b, c], labels).item<float>(), 5);
        Assert.Equal(Ce(a), objective.Loss([a], labels).item<float>(), 6);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
