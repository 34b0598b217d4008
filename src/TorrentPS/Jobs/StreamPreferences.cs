using System;
using System.Management.Automation;

namespace TorrentPS.PowerShell
{
    /// <summary>
    /// Whether the caller wants progress and verbose records, read once when a job starts: a background job has
    /// no pipeline of its own to ask later, and records nobody wants would only pile up in its collections.
    /// </summary>
    internal static class StreamPreferences
    {
        /// <summary>-ProgressAction (PowerShell 7.4+) when given, else $ProgressPreference.</summary>
        public static bool WantsProgress(PSCmdlet cmdlet) =>
            Wants(cmdlet.MyInvocation.BoundParameters.TryGetValue("ProgressAction", out object? bound) ? bound : cmdlet.GetVariableValue("ProgressPreference"));

        /// <summary>-Verbose when given, else $VerbosePreference.</summary>
        public static bool WantsVerbose(PSCmdlet cmdlet)
        {
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Verbose", out object? verbose))
            {
                return verbose is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(verbose);
            }

            return Wants(cmdlet.GetVariableValue("VerbosePreference"));
        }

        private static bool Wants(object? preference)
        {
            object? value = preference is PSObject wrapped ? wrapped.BaseObject : preference;
            ActionPreference action;
            if (value is ActionPreference typed)
            {
                action = typed;
            }
            else if (!Enum.TryParse(value?.ToString(), ignoreCase: true, out action))
            {
                return false;
            }

            return action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore;
        }
    }
}
