using ScaleFL.Core.Files;

namespace ScaleFL.Core.Tests.Files;

public sealed class TextExcerptTests
{
    [Fact]
    public void Short_text_is_quoted_whole()
    {
        Assert.Equal("'1,2,x'", TextExcerpt.Quote("1,2,x"));
    }

    [Fact]
    public void Long_text_is_cut_and_its_length_given()
    {
        var quoted = TextExcerpt.Quote(new string('7', 5_000_000));

        Assert.Equal($"'{new string('7', TextExcerpt.MaxLength)}...' (5000000 characters)", quoted);
    }

    [Fact]
    public void Control_characters_cannot_reach_the_terminal()
    {
        // A hostile file could otherwise move the cursor or recolour the terminal the error is shown on.
        Assert.Equal("'a?[31mb?c'", TextExcerpt.Quote("a\u001b[31mb\u0007c"));
        // Nor reorder what it shows (right-to-left override) or hide characters (zero-width space).
        Assert.Equal("'x?y?z'", TextExcerpt.Quote("x\u202ey\u200bz"));
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var text = new string('a', TextExcerpt.MaxLength - 1) + "\U0001F600" + "tail";

        Assert.StartsWith($"'{new string('a', TextExcerpt.MaxLength - 1)}...'", TextExcerpt.Quote(text), StringComparison.Ordinal);
    }
}
