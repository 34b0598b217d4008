using System;
using System.Management.Automation;

namespace TorrentPS.PowerShell
{
    /// <summary>
    /// Refuses a zero or negative TimeSpan at binding time, like ValidateRange does for numbers (ValidateRange
    /// cannot compare time spans in Windows PowerShell 5.1).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidatePositiveTimeSpanAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            object value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (value is not TimeSpan span || span <= TimeSpan.Zero)
            {
                throw new ValidationMetadataException($"'{arguments}' is not a positive time span. Give one such as (New-TimeSpan -Hours 2) or '01:30:00'.");
            }
        }
    }
}
