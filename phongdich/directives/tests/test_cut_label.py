from django.test import SimpleTestCase

from phongdich.core.text import cut_at_word

SUBJECT = "2987/SLĐTBXH-VP · V/v đẩy mạnh ứng dụng công nghệ thông tin trong phòng, chống dịch"


class CutLabelTests(SimpleTestCase):
    def test_a_long_label_is_cut_between_words(self) -> None:
        for limit in range(20, len(SUBJECT)):
            with self.subTest(limit=limit):
                cut = cut_at_word(SUBJECT, limit)
                self.assertLessEqual(len(cut), limit)
                self.assertTrue(cut.endswith("…"))
                words = [w.strip(",") for w in SUBJECT.split()]
                self.assertIn(cut[:-1].split()[-1], words)  # a whole last word

    def test_a_short_label_stays_whole(self) -> None:
        self.assertEqual(cut_at_word("Công văn 12", 70), "Công văn 12")
