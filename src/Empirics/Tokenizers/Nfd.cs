using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ProbSig.Empirics.Tokenizers;

/// <summary>
/// Unicode NFD and BERT uncased's accent stripping (NFD, then drop the non-spacing marks).
/// As for <see cref="Nfc"/>, InvariantGlobalization leaves string.Normalize a no-op
/// (measured: Microsoft.ML.Tokenizers' BertTokenizer then keeps "é", and "café" became
/// [UNK] where BERT reads "cafe"), so NFD is taken from the system ICU library through its
/// C API. Text below U+00C0 has no canonical decomposition and needs no call.
/// </summary>
public static class Nfd
{
    private delegate IntPtr GetInstance(ref int status);

    private delegate int NormalizeFn(IntPtr normalizer, IntPtr source, int length, IntPtr destination, int capacity, ref int status);

    private static readonly Lazy<(IntPtr Instance, NormalizeFn Normalize)?> Icu = new(LoadIcu);

    /// <summary>The NFD form of <paramref name="text"/>.</summary>
    /// <exception cref="InvalidOperationException">The text needs normalising and no ICU library was found.</exception>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsTriviallyNfd(text)) return text;
        var icu = Icu.Value ?? throw new InvalidOperationException(
            "NFD normalisation needs the ICU library (libicuuc), which was not found; install it (Debian: apt-get install libicu72)");
        var source = text.ToCharArray();
        // A character decomposes into at most 4 UTF-16 units in canonical decomposition (18 in the worst compatibility case).
        var buffer = new char[text.Length * 4 + 16];
        var pinnedSource = GCHandle.Alloc(source, GCHandleType.Pinned);
        var pinnedBuffer = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        try
        {
            int status = 0;
            int length = icu.Normalize(icu.Instance, pinnedSource.AddrOfPinnedObject(), source.Length, pinnedBuffer.AddrOfPinnedObject(), buffer.Length, ref status);
            if (status > 0) throw new InvalidOperationException($"ICU NFD normalisation failed (error {status})");
            return new string(buffer, 0, length);
        }
        finally
        {
            pinnedSource.Free();
            pinnedBuffer.Free();
        }
    }

    /// <summary>BERT's accent stripping: NFD, then every non-spacing mark (category Mn) removed.</summary>
    public static string StripAccents(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsTriviallyNfd(text)) return text;
        var decomposed = Normalize(text);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) kept.Append(c);
        return kept.ToString();
    }

    /// <summary>Whether NFD is available for text beyond U+00BF.</summary>
    public static bool Available => Icu.Value is not null;

    // No character below U+00C0 has a canonical decomposition; combining marks start at U+0300.
    private static bool IsTriviallyNfd(string text)
    {
        foreach (var c in text)
            if (c >= '\u00C0') return false;
        return true;
    }

    private static (IntPtr, NormalizeFn)? LoadIcu()
    {
        var names = new List<string> { "libicuuc.so" };
        for (int v = 90; v >= 50; v--) names.Add($"libicuuc.so.{v}");
        names.Add("libicuuc.dylib");
        names.Add("icuuc");
        foreach (var name in names)
        {
            if (!NativeLibrary.TryLoad(name, out var lib)) continue;
            // ICU suffixes its C symbols with the major version unless built without renaming.
            var suffixes = new List<string> { "" };
            for (int v = 90; v >= 50; v--) suffixes.Add($"_{v}");
            foreach (var suffix in suffixes)
            {
                if (!NativeLibrary.TryGetExport(lib, "unorm2_getNFDInstance" + suffix, out var get)
                    || !NativeLibrary.TryGetExport(lib, "unorm2_normalize" + suffix, out var normalize)) continue;
                int status = 0;
                var instance = Marshal.GetDelegateForFunctionPointer<GetInstance>(get)(ref status);
                if (status > 0 || instance == IntPtr.Zero) return null;
                return (instance, Marshal.GetDelegateForFunctionPointer<NormalizeFn>(normalize));
            }
        }
        return null;
    }
}
