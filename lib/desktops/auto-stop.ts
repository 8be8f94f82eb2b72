// The AutoStop timeout is kept in minutes everywhere (database, domain, AWS's
// RunningModeAutoStopTimeoutInMinutes). People, forms and the bulk CSV speak whole hours: these two
// convert at those edges and nowhere else.
export const autoStopMinutesFromHours = (hours: number): number => hours * 60;

export const autoStopHoursFromMinutes = (minutes: number): number => minutes / 60;
