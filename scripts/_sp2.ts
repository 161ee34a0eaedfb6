import { documentSpans } from "../server/pipeline/spans";
for (const t of ["Great Britain competed at the 2018 Winter Olympics.", "United States forces landed in 1944.", "South Africa won the match.", "New Zealand competed in 2016.", "North Korea tested a missile.", "Red Army troops entered Berlin.", "Robert Parish Parish in 2005 was there.", "Jennifer Lawrence Lawrence at the 2015 San Diego Comic-Con."]) {
  console.log(t, " => ", documentSpans(t).map((s) => `${s.text}:${s.type}:${s.source}`).join(" ; "));
}
