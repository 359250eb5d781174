using System.Runtime.InteropServices;

namespace ProbSig.Empirics.Tokenizers;

/// <summary>
/// Unicode NFC. The build sets InvariantGlobalization, under which string.Normalize
/// leaves "e\u0301" unchanged (measured: Qwen's ids then differ from the reference), so
/// NFC is taken from the system ICU library (libicuuc, present wherever .NET runs with
/// globalization) through its C API. Text below U+0300 is NFC already and needs no call.
/// </summary>
public static class Nfc
{
    private delegate IntPtr GetInstance(ref int status);

    private delegate int NormalizeFn(IntPtr normalizer, IntPtr source, int length, IntPtr destination, int capacity, ref int status);

    private static readonly Lazy<(IntPtr Instance, NormalizeFn Normalize)?> Icu = new(LoadIcu);

    /// <summary>The NFC form of <paramref name="text"/>.</summary>
    /// <exception cref="InvalidOperationException">The text needs normalising and no ICU library was found.</exception>
    public static string Normalize(string text)
    {
        if (IsTriviallyNfc(text)) return text;
        var icu = Icu.Value ?? throw new InvalidOperationException(
            "NFC normalisation needs the ICU library (libicuuc), which was not found; install it (Debian: apt-get install libicu72)");
        var source = text.ToCharArray();
        var buffer = new char[text.Length * 3 + 16];
        var pinnedSource = GCHandle.Alloc(source, GCHandleType.Pinned);
        var pinnedBuffer = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        try
        {
            int status = 0;
            int length = icu.Normalize(icu.Instance, pinnedSource.AddrOfPinnedObject(), source.Length, pinnedBuffer.AddrOfPinnedObject(), buffer.Length, ref status);
            if (status > 0) throw new InvalidOperationException($"ICU NFC normalisation failed (error {status})");
            return new string(buffer, 0, length);
        }
        finally
        {
            pinnedSource.Free();
            pinnedBuffer.Free();
        }
    }

    /// <summary>Whether NFC is available for text beyond U+02FF.</summary>
    public static bool Available => Icu.Value is not null;

    // No character below U+0300 decomposes or composes with its neighbour.
    private static bool IsTriviallyNfc(string text)
    {
        foreach (var c in text)
            if (c >= '\u0300') return false;
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
                if (!NativeLibrary.TryGetExport(lib, "unorm2_getNFCInstance" + suffix, out var get)
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
