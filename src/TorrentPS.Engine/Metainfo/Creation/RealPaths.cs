using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace TorrentPS.Metainfo.Creation
{
    /// <summary>
    /// The canonical path of a folder, with every symbolic link on the way resolved, so that a link leading back
    /// into its own ancestors can be recognised. realpath(3) on Unix. On Windows, the runtime's
    /// FileSystemInfo.ResolveLinkTarget (.NET 6 and later, found by reflection because netstandard2.0 lacks it)
    /// resolves the link itself; Windows PowerShell 5.1 has neither, and there the folder-depth limit ends a loop.
    /// </summary>
    internal static class RealPaths
    {
        private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        private static readonly MethodInfo? ResolveLinkTarget =
            typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", BindingFlags.Public | BindingFlags.Instance, null, new[] { typeof(bool) }, null);

        private static bool s_realpathMissing;

        /// <summary>The canonical full path of <paramref name="directory"/>, or null when it cannot be found out here.</summary>
        public static string? TryResolve(DirectoryInfo directory)
        {
            if (!IsWindows && !s_realpathMissing)
            {
                try
                {
                    return Realpath(directory.FullName);
                }
                catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
                {
                    s_realpathMissing = true;
                }
            }

            if (ResolveLinkTarget is null || (directory.Attributes & FileAttributes.ReparsePoint) == 0)
            {
                return null;
            }

            try
            {
                var target = ResolveLinkTarget.Invoke(directory, new object[] { true }) as FileSystemInfo;
                return target?.FullName;
            }
            catch (TargetInvocationException e) when (e.InnerException is IOException || e.InnerException is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static string? Realpath(string path)
        {
            IntPtr resolved = realpath(path, IntPtr.Zero);
            if (resolved == IntPtr.Zero)
            {
                return null;
            }

            try
            {
                return Marshal.PtrToStringAnsi(resolved);
            }
            finally
            {
                free(resolved);
            }
        }

#pragma warning disable CA2101, SYSLIB1054 // UTF-8 paths: the runtime marshals strings as UTF-8 on Unix; netstandard2.0 has no LibraryImport
        [DllImport("libc", CharSet = CharSet.Ansi, SetLastError = true)]
        private static extern IntPtr realpath(string path, IntPtr resolvedPath);

        [DllImport("libc")]
        private static extern void free(IntPtr pointer);
#pragma warning restore CA2101, SYSLIB1054
    }
}
