// Tag `weather`: the current weather for the `location` parameter. A slow or failing weather API
// gets its own answer, so the user hears "try again" rather than the generic fallback.
import type { Handler, WebhookContext } from 'cxhook';
import { WeatherUnavailableError, type WeatherProvider, type WeatherReport } from '../services/weather/index.ts';
import { placeParam, rejectParam } from './params.ts';

export interface WeatherHandlerDeps {
  weather: WeatherProvider;
}

export const ASK_LOCATION = 'I need a location to check the weather. Which city should I look up?';
export const WEATHER_UNAVAILABLE = "Sorry, I can't get the weather right now. Please try again in a few minutes.";

/**
 * @example app.tag('weather', weatherHandler({ weather: offlineWeather() }))
 */
export function weatherHandler(deps: WeatherHandlerDeps): Handler {
  const { weather } = deps;
  // Not async: a report already at hand (cached in this process) is answered synchronously, which
  // spares the call a promise and the deadline race; only a lookup that must wait is async.
  return (ctx) => {
    const location = placeParam(ctx.param('location'));
    if (!location) {
      ctx.reply.text(ASK_LOCATION);
      return;
    }
    const known = weather.cached?.(location);
    if (known) return answer(ctx, location, known);
    return lookUp(ctx, weather, location);
  };
}

async function lookUp(ctx: WebhookContext, weather: WeatherProvider, location: string): Promise<void> {
  let report;
  try {
    // ctx is the deadline: an HTTP provider fits its attempts into ctx.remainingMs(), and the
    // signal is only made if a call goes out.
    report = await weather.current(location, ctx);
  } catch (error) {
    if (!(error instanceof WeatherUnavailableError)) throw error;
    ctx.log.warn({ reason: error.reason, status: error.status, detail: error.message }, 'weather unavailable');
    ctx.reply.text(WEATHER_UNAVAILABLE);
    return;
  }
  answer(ctx, location, report);
}

function answer(ctx: WebhookContext, location: string, report: WeatherReport): void {
  if (report.kind === 'unknown-location') {
    rejectParam(ctx, 'location', `Sorry, I couldn't find weather information for ${location}. Which city did you mean?`);
    return;
  }
  const degrees = Math.round(report.temperatureC);
  ctx.reply
    .text(`The weather in ${report.location} is ${report.condition} with a temperature of ${degrees}°C.`)
    .setParams({ weather_condition: report.condition, temperature: report.temperatureC });
}
