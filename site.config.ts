// The newsroom's settings: the one place to say who the site is, where it lives and how it is organised.
// Every field is checked when the site builds; see src/settings.ts for what each one means.
import { defineSettings } from "./src/settings.ts";

export default defineSettings({
  name: "Example Bay News",
  description: "News from Pakistan, the region and the world.",
  baseUrl: "https://news.example.com",
  language: "en",
  timeZone: "Asia/Karachi",
  timeZoneAbbreviation: "PKT",
  sections: [
    { slug: "pakistan", name: "Pakistan" },
    { slug: "middle-east", name: "Middle East" },
    { slug: "world", name: "World" },
    { slug: "business", name: "Business" },
    { slug: "sport", name: "Sport" },
    { slug: "opinion", name: "Opinion" },
    { slug: "lifestyle", name: "Lifestyle" },
    { slug: "science-technology", name: "Science & Technology" },
  ],
  // Stories with no section are published under /news/; a site in another language may name the folder
  // in its own, e.g. noSectionSlug: "actualites".
  perPage: 20,
  // The front page and each section run to this many pages; older stories are in the dated archive.
  listingPages: 10,
  // A link shared to a page with no picture of its own (the front page, a listing, a story without a lead
  // image) shows none; name a photograph or other raster image under public/ to show instead, e.g.
  // shareImage: "/images/share.jpg", shareImageAlt: "The Example Bay News newsroom".
  // Every tag and author has an RSS feed of its own (some 1,900 files at 10,000 stories); a host that limits
  // a site's files, or a newsroom whose readers follow no columnist, may leave them out: tagAndAuthorFeeds: false.
  // A published story renamed or moved to another section keeps its old address working (README: The editors'
  // workflow), e.g. moved: { "/world/harbour-reopns/": "/pakistan/harbour-reopens/" }.
});
