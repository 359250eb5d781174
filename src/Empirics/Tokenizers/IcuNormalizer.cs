using System.Runtime.InteropServices;

namespace ProbSig.Empirics.Tokenizers;

/// <summary>
/// One of ICU's Unicode normalisers (NFC, NFD) through its C API. The build sets
/// InvariantGlobalization, under which string.Normalize leaves text unchanged (measured:
/// Qwen's ids then differ from the reference, and BERT's "café" becomes [UNK]), so the
/// forms <see cref="Nfc"/> and <see cref="Nfd"/> need come from the system ICU library
/// (libicuuc, present wherever .NET runs with globalization), loaded once per form.
/// </summary>
internal sealed class IcuNormalizer
{
    private delegate IntPtr GetInstance(ref int status);

    private delegate int NormalizeFn(IntPtr normalizer, IntPtr source, int length, IntPtr destination, int capacity, ref int status);

    private readonly string form;
    private readonly int expansion;
    private readonly Lazy<(IntPtr Instance, NormalizeFn Normalize)?> icu;

    /// <param name="form">"NFC" or "NFD" (ICU's unorm2_get{form}Instance).</param>
    /// <param name="expansion">Most UTF-16 units one unit can become in this form (the output buffer's factor).</param>
    public IcuNormalizer(string form, int expansion)
    {
        this.form = form;
        this.expansion = expansion;
        icu = new(Load);
    }

    /// <summary>Whether the ICU library and this form were found.</summary>
    public bool Available => icu.Value is not null;

    /// <summary>The normal form of <paramref name="text"/>.</summary>
    /// <exception cref="InvalidOperationException">No ICU library was found, or ICU failed.</exception>
    public string Normalize(string text)
    {
        var library = icu.Value ?? throw new InvalidOperationException(
            $"{form} normalisation needs the ICU library (libicuuc), which was not found; install it (Debian: apt-get install libicu72)");
        var source = text.ToCharArray();
        var buffer = new char[text.Length * expansion + 16];
        var pinnedSource = GCHandle.Alloc(source, GCHandleType.Pinned);
        var pinnedBuffer = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        try
        {
            int status = 0;
            int length = library.Normalize(library.Instance, pinnedSource.AddrOfPinnedObject(), source.Length, pinnedBuffer.AddrOfPinnedObject(), buffer.Length, ref status);
            if (status > 0) throw new InvalidOperationException($"ICU {form} normalisation failed (error {status})");
            return new string(buffer, 0, length);
        }
        finally
        {
            pinnedSource.Free();
            pinnedBuffer.Free();
        }
    }

    private (IntPtr, NormalizeFn)? Load()
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
                if (!NativeLibrary.TryGetExport(lib, $"unorm2_get{form}Instance" + suffix, out var get)
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
