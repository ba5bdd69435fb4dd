namespace ScaleFL.Core.Models;

/// <summary>
/// How a CNN output module builds each stand-in convolution (PAPER.md "Output module" says only
/// "a 3x3 stride-2 convolution, no BN"). Written as dash-joined words, the activation last:
/// <c>relu</c> or <c>linear</c>, optionally preceded by <c>bn</c> (BatchNorm after the
/// convolution) and/or <c>he</c> (He-normal weights scaled for the activation, zero bias,
/// instead of TorchSharp's default uniform init, which shrinks the signal about threefold in
/// variance per layer). Examples: <c>relu</c>, <c>linear</c>, <c>he-relu</c>, <c>bn-relu</c>.
/// </summary>
/// <param name="Activation">ReLU after each stand-in when true; nothing when false.</param>
/// <param name="BatchNorm">BatchNorm2d between the convolution and the activation.</param>
/// <param name="HeInit">He-normal (fan-in) weights and zero bias.</param>
public sealed record StandInStyle(bool Activation, bool BatchNorm, bool HeInit)
{
    /// <summary>
    /// [choice] The default, chosen by measurement (README "Method choices"): He-initialised
    /// convolution and ReLU, no BatchNorm (as the paper). BatchNorm learns as fast but enlarges
    /// block 1's training footprint enough to exclude clients.
    /// </summary>
    public static StandInStyle Default { get; } = new(Activation: true, BatchNorm: false, HeInit: true);

    /// <summary>The words <see cref="Parse"/> accepts, for messages and help.</summary>
    public const string Allowed = "[bn-][he-]relu or [bn-][he-]linear, e.g. bn-he-relu, he-relu, relu, linear";

    /// <summary>Parses the dash-joined form; throws <see cref="FormatException"/> naming the bad word.</summary>
    public static StandInStyle Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Trim().ToLowerInvariant().Split('-');
        var activation = words[^1] switch
        {
            "relu" => true,
            "linear" => false,
            _ => throw new FormatException($"Stand-in style '{text}' must end in relu or linear; allowed: {Allowed}."),
        };
        var modifiers = words[..^1];
        foreach (var word in modifiers)
        {
            if (word is not ("bn" or "he") || modifiers.Count(other => other == word) > 1)
            {
                throw new FormatException($"Stand-in style '{text}' has an unknown or repeated word '{word}'; allowed: {Allowed}.");
            }
        }

        return new StandInStyle(activation, modifiers.Contains("bn"), modifiers.Contains("he"));
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Concat(BatchNorm ? "bn-" : string.Empty, HeInit ? "he-" : string.Empty, Activation ? "relu" : "linear");
}
