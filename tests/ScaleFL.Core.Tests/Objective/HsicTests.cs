using ScaleFL.Core.Objective;
using TorchSharp;
using static TorchSharp.torch;

namespace ScaleFL.Core.Tests.Objective;

[Collection(TorchCollection.Name)]
public sealed class HsicTests
{
    // sigma^2 = 1/2 and d = 1 make the kernel exp(-(a_i - a_j)^2).
    private static readonly KernelBandwidth UnitDivisor = new KernelBandwidth.Fixed(Math.Sqrt(0.5));

    public static TheoryData<string> Bandwidths => new() { "fixed:5", "median" };

    [Fact]
    public void Hsic_matches_hand_computed_values_on_three_points()
    {
        // A = (0, 1, 2), B = (0, 0, 1); p = e^-1, q = e^-4.
        // K_B = [[1,1,p],[1,1,p],[p,p,1]] centres to (2(1-p)/9) v v^T with v = (1, 1, -2), so
        // HSIC(B,B) = (2(1-p)/9)^2 |v|^4 / 9 = 16 (1-p)^2 / 81 and, as v sums to 0,
        // HSIC(A,B) = (2(1-p)/9) v^T K_A v / 9 = 2 (1-p)(6 - 2p - 4q) / 81 with
        // K_A = [[1,p,q],[p,1,p],[q,p,1]].
        // HSIC(A,A): row means (1+p+q)/3, (1+2p)/3, (1+p+q)/3, grand mean (3+4p+2q)/9 give the
        // centred kernel [[.576775, -.171866, -.404909], [-.171866, .343733, -.171866], [-.404909,
        // -.171866, .576775]], whose squared entries sum to 9 * 0.136616.
        var p = Math.Exp(-1);
        var q = Math.Exp(-4);
        using var a = Rows(3, 0.0, 1.0, 2.0);
        using var b = Rows(3, 0.0, 0.0, 1.0);

        using var ab = Hsic.Estimate(a, b, UnitDivisor);
        using var bb = Hsic.Estimate(b, b, UnitDivisor);
        using var aa = Hsic.Estimate(a, a, UnitDivisor);

        Assert.Equal(2 * (1 - p) * (6 - (2 * p) - (4 * q)) / 81, ab.ToDouble(), 12);
        Assert.Equal(16 * (1 - p) * (1 - p) / 81, bb.ToDouble(), 12);
        Assert.Equal(0.1366163126826262, aa.ToDouble(), 12);
    }

    [Fact]
    public void Kernel_is_exp_of_minus_squared_distance_over_two_sigma_squared_d()
    {
        // Rows (0,0) and (3,4): D = 25, d = 2, sigma = 5 => exp(-25 / (2 * 25 * 2)) = exp(-1/4).
        using var batch = Rows(2, 0.0, 0.0, 3.0, 4.0);

        using var kernel = Hsic.Kernel(batch, KernelBandwidth.Paper);

        Assert.Equal(1.0, kernel[0, 0].ToDouble(), 12);
        Assert.Equal(Math.Exp(-0.25), kernel[0, 1].ToDouble(), 12);
        Assert.Equal(Math.Exp(-0.25), kernel[1, 0].ToDouble(), 12);
    }

    [Theory]
    [MemberData(nameof(Bandwidths))]
    public void Hsic_is_symmetric(string bandwidth)
    {
        var width = KernelBandwidth.Parse(bandwidth);
        using var generator = new Generator().manual_seed(1);
        using var a = randn([16, 6], generator: generator);
        using var b = randn([16, 3, 2, 2], generator: generator);

        using var ab = Hsic.Estimate(a, b, width);
        using var ba = Hsic.Estimate(b, a, width);

        Assert.Equal(ab.ToDouble(), ba.ToDouble(), 6);
    }

    [Theory]
    [MemberData(nameof(Bandwidths))]
    public void Normalized_hsic_of_a_batch_with_itself_is_one(string bandwidth)
    {
        using var generator = new Generator().manual_seed(2);
        using var a = randn([16, 10], generator: generator);

        using var self = Hsic.Normalized(a, a, KernelBandwidth.Parse(bandwidth));

        Assert.Equal(1.0, self.ToDouble(), 5);
    }

    [Theory]
    [MemberData(nameof(Bandwidths))]
    public void Normalized_hsic_lies_between_zero_and_one(string bandwidth)
    {
        var width = KernelBandwidth.Parse(bandwidth);
        using var generator = new Generator().manual_seed(3);
        for (var trial = 0; trial < 5; trial++)
        {
            using var a = randn([12, 4], generator: generator);
            using var b = randn([12, 7], generator: generator).mul(trial + 1);

            using var value = Hsic.Normalized(a, b, width);

            Assert.InRange(value.ToDouble(), 0.0, 1.0);
        }
    }

    [Fact]
    public void Median_bandwidth_makes_normalized_hsic_invariant_to_scaling()
    {
        using var generator = new Generator().manual_seed(4);
        using var a = randn([16, 8], generator: generator);
        using var b = randn([16, 5], generator: generator) + a[.., ..5];
        using var scaledA = a * 10;
        using var scaledB = b * 0.1;

        using var original = Hsic.Normalized(a, b, KernelBandwidth.MedianHeuristic);
        using var scaled = Hsic.Normalized(scaledA, scaledB, KernelBandwidth.MedianHeuristic);

        Assert.Equal(original.ToDouble(), scaled.ToDouble(), 5);
    }

    [Fact]
    public void Fixed_bandwidth_normalized_hsic_changes_when_features_are_scaled()
    {
        using var generator = new Generator().manual_seed(4);
        using var a = randn([16, 8], generator: generator);
        using var b = randn([16, 5], generator: generator) + a[.., ..5];
        using var scaledA = a * 10;
        using var scaledB = b * 10;

        using var original = Hsic.Normalized(a, b, KernelBandwidth.Paper);
        using var scaled = Hsic.Normalized(scaledA, scaledB, KernelBandwidth.Paper);

        Assert.True(Math.Abs(original.ToDouble() - scaled.ToDouble()) > 1e-3);
    }

    [Theory]
    [MemberData(nameof(Bandwidths))]
    public void Features_computed_from_the_input_score_higher_than_independent_ones(string bandwidth)
    {
        var width = KernelBandwidth.Parse(bandwidth);
        using var generator = new Generator().manual_seed(5);
        using var x = randn([32, 20], generator: generator);
        using var mixing = randn([20, 12], generator: generator);
        using var dependent = x.matmul(mixing).tanh();
        using var independent = randn([32, 12], generator: generator).tanh();

        using var dependentScore = Hsic.Normalized(dependent, x, width);
        using var independentScore = Hsic.Normalized(independent, x, width);

        Assert.True(dependentScore.ToDouble() > independentScore.ToDouble() + 0.1,
            $"dependent {dependentScore.ToDouble()} vs independent {independentScore.ToDouble()}");
    }

    [Theory]
    [MemberData(nameof(Bandwidths))]
    public void Collapsed_features_give_zero_with_finite_gradients(string bandwidth)
    {
        var width = KernelBandwidth.Parse(bandwidth);
        using var generator = new Generator().manual_seed(6);
        using var x = randn([8, 6], generator: generator);
        using var row = randn([1, 5], generator: generator);
        using var collapsed = row.repeat(8, 1).requires_grad_();
        using var xLeaf = x.clone().requires_grad_();

        using var value = Hsic.Normalized(collapsed, xLeaf, width);
        value.backward();

        Assert.Equal(0.0, value.ToDouble());
        Assert.True(collapsed.grad!.isfinite().all().ToBoolean());
        Assert.True(xLeaf.grad!.isfinite().all().ToBoolean());
    }

    [Theory]
    [MemberData(nameof(Bandwidths))]
    public void One_class_label_batch_gives_zero_with_finite_gradients(string bandwidth)
    {
        var width = KernelBandwidth.Parse(bandwidth);
        using var generator = new Generator().manual_seed(7);
        using var projection = randn([8, 4], generator: generator).requires_grad_();
        using var labels = full(8, 2L, dtype: ScalarType.Int64);
        using var oneHot = Hsic.OneHot(labels, 3);

        using var value = Hsic.Normalized(projection, oneHot, width);
        value.backward();

        Assert.Equal(0.0, value.ToDouble());
        Assert.True(projection.grad!.isfinite().all().ToBoolean());
    }

    [Fact]
    public void Gradients_flow_through_both_kernels()
    {
        using var generator = new Generator().manual_seed(8);
        using var a = randn([10, 4], generator: generator).requires_grad_();
        using var b = (randn([10, 4], generator: generator) + a.detach()).requires_grad_();

        using var value = Hsic.Normalized(a, b, KernelBandwidth.Paper);
        value.backward();

        Assert.True(a.grad!.abs().sum().ToDouble() > 0);
        Assert.True(b.grad!.abs().sum().ToDouble() > 0);
    }

    [Fact]
    public void One_hot_labels_are_float_rows_with_a_single_one()
    {
        using var labels = arange(2L, -1L, -2L);

        using var oneHot = Hsic.OneHot(labels, 3);

        Assert.Equal(ScalarType.Float32, oneHot.dtype);
        Assert.Equal([0f, 0f, 1f, 1f, 0f, 0f], oneHot.data<float>().ToArray());
    }

    private static Tensor Rows(int rows, params double[] values) => tensor(values).reshape(rows, -1);
}
