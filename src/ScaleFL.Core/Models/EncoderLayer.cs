using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// A pre-norm Transformer encoder layer written out so its parameters have stable names:
/// x + proj(attention(norm1(x))), then x + fc2(GELU(fc1(norm2(x)))). <c>norm2</c>, <c>fc1</c>
/// and <c>fc2</c> form the MLP the harmonizer co-adapts when this is a block's last layer.
/// Attention and GELU are parameterless modules, not functions, so that the memory probe sees
/// their inputs, which both keep for backward.
/// </summary>
internal sealed class EncoderLayer : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly LayerNorm norm2;
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly SelfAttention attention;
    private readonly GELU gelu = nn.GELU();

    public EncoderLayer(int dimension, int heads, int mlpWidth) : base(nameof(EncoderLayer))
    {
        if (dimension % heads != 0)
        {
            throw new ArgumentException($"Token width {dimension} does not split into {heads} heads.");
        }

        attention = new SelfAttention(heads);
        norm1 = nn.LayerNorm(dimension);
        qkv = nn.Linear(dimension, 3 * dimension);
        proj = nn.Linear(dimension, dimension);
        norm2 = nn.LayerNorm(dimension);
        fc1 = nn.Linear(dimension, mlpWidth);
        fc2 = nn.Linear(mlpWidth, dimension);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input + proj.call(attention.call(qkv.call(norm1.call(input))));
        var mlp = fc2.call(gelu.call(fc1.call(norm2.call(x))));
        return (x + mlp).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Multi-head scaled dot-product attention of a [B, N, 3D] query-key-value tensor, giving
    /// [B, N, D]. Attention keeps its queries, keys and values, views of that input, for backward.
    /// </summary>
    private sealed class SelfAttention(int heads) : nn.Module<Tensor, Tensor>(nameof(SelfAttention))
    {
        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var (batch, tokens, dimension) = (input.shape[0], input.shape[1], input.shape[2] / 3);

            // [B, N, 3D] -> [3, B, heads, N, D/heads]: one matrix product made queries, keys and values.
            var split = input.reshape(batch, tokens, 3, heads, dimension / heads).permute(2, 0, 3, 1, 4);
            return nn.functional.scaled_dot_product_attention(split[0], split[1], split[2])
                .transpose(1, 2)
                .reshape(batch, tokens, dimension)
                .MoveToOuterDisposeScope();
        }
    }
}
